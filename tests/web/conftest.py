"""A small store for the site's tests: hand-written articles (hostile ones included), clustered
into stories by ``newsbrief.stories``, then grown by one article so that a story has two brief
versions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsbrief.models import Article
from newsbrief.store import Store

T0 = datetime(2025, 3, 4, 8, 0, tzinfo=UTC)
XSS_TITLE = "<script>alert('nb-title')</script> Flood closes riverside school"
XSS_TEXT = ("Flood water closed the riverside school in Tewkesbury on Tuesday, officials said. "
            "<img src=x onerror=alert('nb-text')> The river rose two metres overnight after heavy rain. "
            "</p><b>Broken <i>markup here. Teachers moved classes to the town hall for the rest of the week.\n"
            "Parents were told the school would reopen once the water had gone down and the building was safe.")


def _a(n: int, outlet: str, title: str, text: str, hours: float, url: str | None = None) -> Article:
    return Article(id=f"a{n}", title=title, text=text, outlet=outlet, url=url or f"https://{outlet.lower()}.example/{n}",
                   published=T0 + timedelta(hours=hours))


SHIP = ("A cargo ship struck the Kessock bridge near Inverness early on Monday, closing the crossing to traffic. "
        "The coastguard said no one was hurt and the ship's crew of 14 were safe. "
        "The ship, carrying timber from Norway, lost power as it approached the narrows, its owners said. "
        "Engineers were inspecting the bridge's main span for damage on Monday afternoon.")
SHIP_BBC = ("The Kessock bridge in Inverness was closed on Monday after a cargo ship hit one of its piers. "
            "Nobody was injured, according to the coastguard, and all 14 crew members are safe. "
            "Police set up diversions through the city centre while engineers checked the structure. "
            "Highland Council said the closure could last several days.")
SHIP_AP = ("Police closed the Kessock bridge near Inverness after a timber-laden cargo ship struck it on Monday "
           "morning. The vessel's owners said it had lost engine power in the narrows. "
           "The coastguard said the crew of 14 were unhurt. "
           "Drivers faced long delays as traffic was sent through the city.")
BANK = ("The central bank raised its main interest rate by a quarter point to 4.5 percent on Thursday. "
        "Governor Maria Lopez said inflation was still too high and further rises could follow. "
        "Markets had expected the move, and the currency barely changed after the announcement. "
        "Mortgage lenders said they would pass the increase on to borrowers within weeks.")
BANK_BB = ("The central bank lifted its benchmark rate to 4.5 percent on Thursday, a quarter-point rise that "
           "markets had priced in. Governor Maria Lopez warned that inflation remained too high and said more "
           "increases were possible. The currency was little changed. "
           "Economists expect another rise before the summer.")

ARTICLES = [
    _a(1, "Reuters", "Cargo ship hits Kessock bridge near Inverness", SHIP, 0),
    _a(2, "BBC", "Kessock bridge closed after cargo ship hits pier", SHIP_BBC, 1),
    _a(3, "AP", "Cargo ship strikes Kessock bridge, police close crossing", SHIP_AP, 2),
    _a(4, "Reuters", "Central bank raises interest rate to 4.5 percent", BANK, 30),
    _a(5, "Bloomberg", "Central bank lifts rate to 4.5%, signals more to come", BANK_BB, 31),
    _a(6, "Evil Outlet", XSS_TITLE, XSS_TEXT, 50, url="javascript:alert('nb-url')"),
    _a(7, "Data Outlet", "Flood: school in Tewkesbury stays shut", XSS_TEXT.replace("Tuesday", "Wednesday"), 51,
       url="data:text/html,<script>alert(1)</script>"),
]
# Arrives after the first update: the bridge story grows, and its brief gets a second version.
LATER = [
    _a(8, "Guardian", "Kessock bridge to reopen after cargo ship inspection", "The Kessock bridge near Inverness "
       "will reopen on Wednesday after engineers found no serious damage from the cargo ship that struck it on "
       "Monday. Divers checked the bridge's piers below the waterline on Tuesday. Highland Council thanked "
       "drivers for their patience during the closure. The damaged ship was towed to Inverness harbour.", 26),
]


def build_store(path: Path, articles: list[Article] = ARTICLES, later: list[Article] = LATER) -> Path:
    """A new store at ``path``: ``articles`` ingested and clustered into stories, then ``later``
    ingested and clustered (growing a story: its brief gets a second version); two feeds."""
    from newsbrief.stories import update_stories

    with Store(path) as store:
        store.add_articles(articles)
        update_stories(store)
        if later:
            store.add_articles(later)
            update_stories(store)
        _storyline(store)
        store.add_feed("https://feeds.example/news.xml", name="<b>Example</b> news")
        feed = store.add_feed("https://broken.example/rss", name="Broken feed")
        store.record_poll(feed.id, error="HTTP 500 <script>alert('nb-feed')</script>")
    return path


def _storyline(store: Store) -> None:
    """No two stories here are about one subject, so put the two earliest on one storyline by
    hand, as ``link_storylines`` would have done."""
    rows = store.conn.execute("SELECT id, headline, first_seen, last_seen FROM stories ORDER BY first_seen LIMIT 2")
    rows = rows.fetchall()
    if len(rows) < 2 or store.conn.execute("SELECT 1 FROM stories WHERE storyline_id IS NOT NULL").fetchone():
        return
    with store.transaction() as conn:
        conn.execute("INSERT INTO storylines(id, label, first_seen, last_seen) VALUES ('l1', ?, ?, ?)",
                     (rows[0][1], rows[0][2], rows[1][3]))
        conn.executemany("UPDATE stories SET storyline_id = 'l1' WHERE id = ?", [(r[0],) for r in rows])


@pytest.fixture(scope="session")
def site_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the articles above, clustered (built once per test session)."""
    return build_store(tmp_path_factory.mktemp("web") / "site.db")


def test_client(app):
    """Starlette's TestClient (its import warns that it would rather have ``httpx2``)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app, raise_server_exceptions=False)


test_client.__test__ = False  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def client(site_db: Path):
    """An in-process HTTP client of the site over ``site_db`` (errors come back as responses)."""
    from newsbrief.web import create_app

    with test_client(create_app(site_db)) as c:
        yield c


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """``newsbrief serve`` on ``db`` in a subprocess on a free loopback port: its base URL; stopped after."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    cmd = [sys.executable, "-m", "newsbrief", "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/stories.json", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"newsbrief serve exited: {proc.stdout.read() if proc.stdout else ''}")
                time.sleep(0.1)
        else:
            pytest.fail("newsbrief serve did not answer within 10 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def live_server(site_db: Path):
    """``newsbrief serve`` on the site's store: its base URL."""
    with serving(site_db) as base:
        yield base


CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (never a browser download); skips, saying why, without it."""
    if not CHROMIUM.exists():
        pytest.skip("no browser: /usr/bin/chromium is missing (apt-get install chromium; .ci/run does it as root)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()
