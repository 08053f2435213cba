"""The site under load: front page and story JSON, 50 concurrent clients on loopback, 10 s each.

The store: 10,000 articles from ``bench/streamgen.py`` (real sentences from the redistributable
Wikinews and current-events text, recombined into synthetic events; nothing is copied into the
repository), ingested and clustered with ``newsbrief.stories.update_stories``. The server is
``newsbrief serve`` in its own process; the clients are keep-alive HTTP/1.1 connections driven by
one asyncio loop in this process (a few microseconds each, so the server is what is measured).

Each scenario runs with the server as shipped (rendered pages cached until the store changes)
and with the page cache off (``--cache-entries 0``: every request reads SQLite and renders; only
concurrent requests for one page share a render, and key facts stay remembered per brief
version). ``story_json_first_visits`` requests each of the 200 top stories once, 50 at a time,
on a fresh server: what the first readers after a start pay. Target: story JSON p95 < 50 ms.

``python bench/bench_web.py [DATA_DIR] [--articles N] [--seconds S] [--clients C]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import data_dir  # noqa: E402

TARGET_P95_MS = 50.0


def build_store(path: Path, data: Path, n: int) -> dict:
    """Ingest ``n`` generated articles and cluster them: timings and counts."""
    from bench.streamgen import generate, load_material
    from newsbrief.store import Store
    from newsbrief.stories import update_stories

    t0 = time.perf_counter()
    material = load_material(data)
    arts = [a for a, _ in generate(n, material)]
    t1 = time.perf_counter()
    with Store(path) as store:
        for i in range(0, len(arts), 1000):
            store.add_articles(arts[i:i + 1000])
        t2 = time.perf_counter()
        update_stories(store)
        t3 = time.perf_counter()
    return {"articles": n, "generate_s": round(t1 - t0, 1), "ingest_s": round(t2 - t1, 1),
            "stories_s": round(t3 - t2, 1)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``newsbrief serve`` in a subprocess on a free loopback port."""

    def __init__(self, db: Path, cache_entries: int = 512) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "newsbrief", "serve", "--db", str(db), "--port", str(self.port),
               "--cache-entries", str(cache_entries)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
        for _ in range(200):
            try:
                urllib.request.urlopen(self.base + "/feeds.json", timeout=2)
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("newsbrief serve exited: " + (self.proc.stderr.read() or b"").decode()) from None
                time.sleep(0.1)
        raise RuntimeError("newsbrief serve did not start")

    def get_json(self, path: str) -> dict:
        with urllib.request.urlopen(self.base + path, timeout=30) as r:
            return json.loads(r.read())

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


async def _client(port: int, paths: list[str], deadline: float, lat: list[float], errors: list[str],
                  seed: int, queue: list[str] | None = None) -> None:
    """One keep-alive connection: random ``paths`` until ``deadline``, or pops ``queue`` until empty."""
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    host = f"127.0.0.1:{port}"
    try:
        while (queue if queue is not None else time.perf_counter() < deadline):
            path = queue.pop() if queue is not None else paths[rng.randrange(len(paths))]
            t = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length:
                await reader.readexactly(length)
            lat.append(time.perf_counter() - t)
            status = int(head[9:12])
            if status != 200:
                errors.append(f"{status} {path}")
    finally:
        writer.close()


def load(port: int, paths: list[str], clients: int, seconds: float, once: bool = False) -> dict:
    """``clients`` keep-alive connections requesting random ``paths`` for ``seconds`` (or, with
    ``once``, each path once: the first visits after a start or a store update)."""
    lat: list[float] = []
    errors: list[str] = []
    queue = list(reversed(paths)) if once else None

    async def main() -> None:
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(_client(port, paths, deadline, lat, errors, n, queue) for n in range(clients)))

    t0 = time.perf_counter()
    asyncio.run(main())
    wall = time.perf_counter() - t0
    lat.sort()

    def pct(p: float) -> float:
        return round(1000 * lat[min(len(lat) - 1, int(p * len(lat)))], 2) if lat else float("nan")

    return {"requests": len(lat), "req_per_s": round(len(lat) / wall, 1), "p50_ms": pct(0.50),
            "p95_ms": pct(0.95), "p99_ms": pct(0.99), "max_ms": pct(1.0), "errors": len(errors),
            "error_sample": errors[:3]}


def run(data: Path | None = None, articles: int = 10_000, seconds: float = 10.0, clients: int = 50) -> dict:
    """Build the store, then measure both scenarios with the cache on and off."""
    data = data or data_dir()
    if data is None or not (data / "redistributable").is_dir():
        return {"skipped": "redistributable data not available (set NEWSBRIEF_DATA)"}
    try:
        import newsbrief.stories  # noqa: F401
    except ImportError:
        return {"skipped": "newsbrief.stories is not available: no stories to serve"}
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        db = Path(tmp) / "web.db"
        out: dict = {"store": build_store(db, data, articles), "clients": clients, "seconds_per_run": seconds}
        for label, entries in (("cached", 512), ("uncached", 0)):
            srv = Server(db, entries)
            try:
                stories = srv.get_json("/stories.json?limit=200")["stories"]
                out["stories_listed"] = len(stories)
                story_paths = [f"/stories/{s['id']}.json" for s in stories]
                front_paths = ["/", "/?offset=30", "/?offset=60"]
                if label == "cached":  # nothing rendered yet: every story's first visit builds its page
                    out["story_json_first_visits"] = load(srv.port, story_paths, clients, 0, once=True)
                for name, paths in (("front", front_paths), ("story_json", story_paths)):
                    load(srv.port, paths[:5], 5, 0.5)  # warm up: connections, imports, first renders
                    out[f"{name}_{label}"] = load(srv.port, paths, clients, seconds)
            finally:
                srv.close()
    res = out["story_json_cached"]
    out["target"] = f"story JSON p95 < {TARGET_P95_MS:.0f} ms"
    out["target_met"] = res["p95_ms"] < TARGET_P95_MS and res["errors"] == 0
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", type=Path, default=None)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--clients", type=int, default=50)
    a = ap.parse_args()
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    print(json.dumps(run(a.data, a.articles, a.seconds, a.clients), indent=2))
