"""Duplicates: the same text (exact content hash) and near-duplicates (MinHash LSH).

A near-duplicate is a wire copy republished by another outlet or the same story lightly edited.
It is kept in the store, linked by ``duplicate_of`` to the first copy (the root of its chain), so
"carried by N outlets" can be counted while the copies never count twice as evidence.

Signatures are datasketch MinHashes (its permutations and formula) of content-word 3-shingles,
all hashed with numpy at once. The LSH index (banding, as in ``datasketch.MinHashLSH``) lives in the store's ``minhash_bands`` table rather than in memory,
so that it survives between runs and is shared by concurrent ingests: candidates are looked up
inside the writing transaction, then confirmed by the estimated Jaccard similarity.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

import numpy as np

# 64 permutations estimate Jaccard within about +-0.06, enough to tell a copy (J > 0.6) from a
# different article on the same event (J < 0.2), at half the cost of 128 (the signature is the
# dearest step of an ingest). Changing any constant of this block invalidates stored signatures.
NUM_PERM = 64
# 21 bands of 3 rows (63 of the 64 values): LSH threshold ~ (1/21)^(1/3) = 0.36, so
# P(candidate) = 0.94 at J=0.5, 0.994 at J=0.6; false candidates are dropped by THRESHOLD.
BANDS, ROWS = 21, 3
SHINGLE = 3
SEED = 1
# Only this much of a text is signed: an article is far shorter; a 20 MB dump still costs little.
SIGN_BYTES = 1 << 18
# Shingles are made of content words (stop words left out): an edit to "the" or "of" moves no
# shingle, and the signature costs half as much (news text is ~45% stop words).
STOP_WORDS = frozenset("""a about after against all also an and any are as at be been before being between both but by
can could did do does down during each few for from further had has have having he her here hers him his how i if in
into is it its just may me might more most much must my no nor not now of off on once only or other our out over own
said same says she should so some such than that the their them then there these they this those through to too under
until up upon very was we were what when where which while who whom why will with would you your""".split())

# Estimated Jaccard at or above this links a candidate as a near-duplicate. On clusters-dev the
# bench's lightly edited copies score 0.60 (5th percentile) to 0.72 (median); articles of
# different events never above 0.14; the 16 same-event pairs at or above 0.4 are all above 0.5
# (wire copies), so 0.4 buys recall at no cost in precision.
THRESHOLD = 0.4
# Texts with fewer shingles than this are only matched exactly: on a sentence or two, a few
# changed words swing the estimate too far to call a near-duplicate.
MIN_SHINGLES = 8
# A story carried by hundreds of outlets makes hundreds of candidates; the earliest are enough
# to find the first copy, and the cap keeps one lookup under a millisecond.
MAX_CANDIDATES = 200

_MASK32 = np.uint64(0xFFFFFFFF)
_MERSENNE = np.uint64((1 << 61) - 1)
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))
_BASE = 0x100000001B3  # odd, so it has an inverse mod 2^64
_PUNCT = re.compile("[\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2015\u2026\u00ab\u00bb\u2022\u00b7\u00a0]")
_WORD_BYTE = np.zeros(256, dtype=bool)
_WORD_BYTE[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz0123456789_", dtype=np.uint8)] = True
_WORD_BYTE[128:] = True  # bytes of non-ASCII letters (UTF-8): part of words


@lru_cache(maxsize=1)
def _powers() -> tuple[np.ndarray, np.ndarray]:
    """BASE^i and BASE^-i mod 2^64 for every byte position a signed text can have."""
    up = np.full(SIGN_BYTES + 1, _BASE, dtype=np.uint64)
    down = np.full(SIGN_BYTES + 1, pow(_BASE, -1, 1 << 64), dtype=np.uint64)
    up[0] = down[0] = 1
    return np.cumprod(up, dtype=np.uint64), np.cumprod(down, dtype=np.uint64)


def _token_hashes(text: str) -> np.ndarray:
    """A 64-bit hash per word of the lower-cased text, computed at once with prefix sums."""
    raw = np.frombuffer(_PUNCT.sub(" ", text.lower()).encode("utf-8", "surrogatepass")[:SIGN_BYTES], dtype=np.uint8)
    edges = np.diff(_WORD_BYTE[raw].astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    up, down = _powers()
    prefix = np.zeros(len(raw) + 1, dtype=np.uint64)
    np.cumsum(raw.astype(np.uint64) * up[: len(raw)], dtype=np.uint64, out=prefix[1:])
    h = (prefix[ends] - prefix[starts]) * down[starts]  # the word's polynomial hash, wherever it stands
    return h ^ (h >> np.uint64(29))


@lru_cache(maxsize=1)
def _stop_table() -> np.ndarray:
    """Stop words by the low 16 bits of their hash: one lookup per word. A rare other word that
    shares those bits is dropped too, the same way in every text, so signatures stay comparable."""
    table = np.zeros(1 << 16, dtype=bool)
    table[(_token_hashes(" ".join(sorted(STOP_WORDS))) & np.uint64(0xFFFF)).astype(np.intp)] = True
    return table


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash  # imported here: it pulls in scipy (0.3 s) at CLI start-up

    return MinHash(num_perm=NUM_PERM, seed=SEED).permutations


def shingle_hashes(text: str) -> np.ndarray:
    """The 32-bit hashes of the text's content-word 3-shingles (repeats included: a MinHash
    does not see them)."""
    h = _token_hashes(text)
    h = h[~_stop_table()[(h & np.uint64(0xFFFF)).astype(np.intp)]]
    if len(h) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    s = h[: len(h) - 2] * _MIX[0] + h[1 : len(h) - 1] * _MIX[1] + h[2:] * _MIX[2]  # wraps mod 2^64
    return (s ^ (s >> np.uint64(32))) & _MASK32


def minhash(hashes: np.ndarray) -> np.ndarray:
    """datasketch's MinHash of these 32-bit values: its permutations and formula
    (``((h * a + b) % (2^61 - 1)) & (2^32 - 1)``, minimum per permutation), computed in place
    without its per-value Python loop (2x faster; tests check it equals ``MinHash.update_batch``)."""
    a, b = _permutations()
    x = np.multiply.outer(hashes.astype(np.uint64), a)
    x += b
    x %= _MERSENNE
    x &= _MASK32
    return x.min(axis=0)


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (NUM_PERM uint32 values) of a text, or None when it is too short."""
    hashes = shingle_hashes(text)
    if len(hashes) < MIN_SHINGLES:
        return None
    return minhash(hashes).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band (the band's index is mixed in, so bands never collide)."""
    b = sig[: BANDS * ROWS].reshape(BANDS, ROWS).astype(np.uint64)
    k = np.arange(1, BANDS + 1, dtype=np.uint64) * _MIX[2]
    for r in range(ROWS):
        k = (k ^ b[:, r]) * _MIX[0]
    return k.view(np.int64).tolist()


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


class DuplicateIndex:
    """Exact and near-duplicate lookups over a store's connection (tables of migration 001).

    Call ``find`` then ``add`` for each new article inside the same write transaction.
    """

    def __init__(self, conn: sqlite3.Connection, threshold: float = THRESHOLD) -> None:
        self.conn = conn
        self.threshold = threshold

    def _root(self, article_id: str, duplicate_of: str | None) -> str:
        return duplicate_of or article_id

    def find(self, content_hash: str, sig: np.ndarray | None) -> str | None:
        """The id of the first copy this text duplicates (exactly or nearly), or None."""
        row = self.conn.execute("SELECT id, duplicate_of FROM articles WHERE content_hash = ? ORDER BY seq LIMIT 1",
                                (content_hash,)).fetchone()
        if row:
            return self._root(row[0], row[1])
        if sig is None:
            return None
        keys = band_keys(sig)
        cands = self.conn.execute(
            f"SELECT DISTINCT seq FROM minhash_bands WHERE band_key IN ({','.join('?' * len(keys))}) ORDER BY seq LIMIT ?",
            [*keys, MAX_CANDIDATES]).fetchall()
        if not cands:
            return None
        seqs = [c[0] for c in cands]
        rows = self.conn.execute(
            "SELECT a.seq, a.id, a.duplicate_of, s.signature FROM article_signatures s JOIN articles a ON a.seq = s.seq "
            f"WHERE s.seq IN ({','.join('?' * len(seqs))}) ORDER BY a.seq", seqs).fetchall()
        for _seq, aid, dup, blob in rows:  # the earliest match is the first copy
            if similarity(sig, from_blob(blob)) >= self.threshold:
                return self._root(aid, dup)
        return None

    def add(self, seq: int, sig: np.ndarray | None) -> None:
        """Index a stored article's signature."""
        if sig is None:
            return
        self.conn.execute("INSERT OR REPLACE INTO article_signatures(seq, signature) VALUES (?, ?)", (seq, to_blob(sig)))
        self.conn.executemany("INSERT OR IGNORE INTO minhash_bands(band_key, seq) VALUES (?, ?)",
                              [(k, seq) for k in band_keys(sig)])

    def replace(self, seq: int, sig: np.ndarray | None) -> None:
        """Re-index an article whose text changed (a new revision)."""
        row = self.conn.execute("SELECT signature FROM article_signatures WHERE seq = ?", (seq,)).fetchone()
        if row:
            self.conn.executemany("DELETE FROM minhash_bands WHERE band_key = ? AND seq = ?",
                                  [(k, seq) for k in band_keys(from_blob(row[0]))])
            self.conn.execute("DELETE FROM article_signatures WHERE seq = ?", (seq,))
        self.add(seq, sig)
