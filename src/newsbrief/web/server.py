"""The HTTP server side of ``newsbrief serve``: uvicorn with the site's error shape for requests
that never reach the app.

A request uvicorn cannot parse (a request line or headers past h11's 16 KiB limit, a malformed
line) is answered by uvicorn's own protocol with a plain-text 400 and no security headers; here it
gets ``{"ok": false, "error", "status": 400}`` with the headers every other response carries.
h11's default limit stays: no request to this site needs more (ids are capped at 300 characters,
queries at 500), and it bounds the memory one connection can hold before a request is parsed.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from newsbrief.web.app import ERROR_CACHE, security_headers


class JSONErrorH11Protocol(H11Protocol):
    """uvicorn's h11 protocol whose unparseable-request answer is the site's JSON error."""

    def send_400_response(self, msg: str) -> None:
        error = "bad request: the request line or headers could not be read (malformed, or over 16 KiB)"
        body = json.dumps({"ok": False, "error": error, "status": 400}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                   (b"cache-control", ERROR_CACHE.encode()), (b"connection", b"close"), *security_headers("")]
        try:
            for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"), h11.Data(data=body),
                          h11.EndOfMessage()):
                self.transport.write(self.conn.send(event))
        except h11.LocalProtocolError:  # the connection state allows no response: just close
            pass
        self.transport.close()


def make_server(app: Any, stop: threading.Event, **config: Any) -> Any:
    """A uvicorn server for ``app`` that sets ``stop`` when a signal ends it (the live poller
    watches it), with :class:`JSONErrorH11Protocol` for HTTP."""
    import uvicorn

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            stop.set()
            super().handle_exit(sig, frame)

    return Server(uvicorn.Config(app, http=JSONErrorH11Protocol, **config))
