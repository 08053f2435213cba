"""``python -m tests.web.serve_fake DB PORT``: the site over the stories stand-in (while
``newsbrief.stories`` is absent), served by uvicorn as ``newsbrief serve`` serves it."""

from __future__ import annotations

import sys

import uvicorn

from newsbrief.web import create_app
from tests.web import fake_stories

if __name__ == "__main__":
    app = create_app(sys.argv[1], stories=fake_stories)  # type: ignore[arg-type]
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
