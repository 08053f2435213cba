"""Command-line sources -> files: a file, a folder (recursive), a glob; what each file is."""

from __future__ import annotations

import glob
import os

from newsbrief.errors import NewsbriefError
from newsbrief.settings import MAX_BYTES

RECORD_EXTS = (".jsonl", ".ndjson", ".jsonlines", ".csv", ".tsv")
FEED_EXTS = (".rss", ".atom", ".rdf", ".xml", ".opml")
# In a folder only these are read (and files with no extension): a saved site also holds
# images, styles and scripts, which are not news and would each be reported as a failure.
FOLDER_EXTS = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json", *FEED_EXTS, *RECORD_EXTS)


def expand(source: str) -> tuple[list[str], int]:
    """The files a path, folder or glob names, sorted; and how many files a folder walk skipped
    (hidden, or not a kind we read). NewsbriefError when it names nothing."""
    if os.path.isdir(source):
        return _walk(source)
    if os.path.exists(source):
        return [source], 0
    if glob.has_magic(source):
        found, skipped = [], 0
        for p in sorted(glob.glob(source, recursive=True)):
            if os.path.isdir(p):
                files, s = _walk(p)
                found += files
                skipped += s
            elif os.path.isfile(p):
                found.append(p)
        if not found:
            raise NewsbriefError(source, "no file matches this pattern")
        return found, skipped
    raise NewsbriefError(source, "no such file or directory")


def _walk(folder: str) -> tuple[list[str], int]:
    out, skipped = [], 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = os.path.join(root, name)
            ext = os.path.splitext(name)[1].lower()
            if name.startswith(".") or (ext and ext not in FOLDER_EXTS) or not os.path.isfile(path):
                skipped += 1
                continue
            out.append(path)
    return out, skipped


def read_bytes(path: str) -> bytes:
    """A file's bytes, refusing what is too large to be one document."""
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise NewsbriefError(path, f"too large ({size / 1e6:.0f} MB; the limit is {MAX_BYTES // 2**20} MiB)")
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise NewsbriefError(path, exc.strerror or str(exc)) from None
