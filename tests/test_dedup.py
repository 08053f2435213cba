"""dedup.py: signatures equal datasketch's MinHash; copies are found, different stories are not."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief import dedup
from newsbrief.dedup import BANDS, NUM_PERM, band_keys, minhash, shingle_hashes, signature, similarity

STORY = ("Rescue teams reached the flooded villages in the north of the province on Thursday after the river burst "
         "its banks overnight, forcing hundreds of families to leave their homes. Officials said the water had "
         "started to fall by the evening, but warned that more rain was forecast for the weekend. The regional "
         "government opened three schools as shelters and sent drinking water by lorry.")
OTHER = ("The city orchestra announced its new season on Monday, with a cycle of Beethoven symphonies and a "
         "festival of contemporary music in the spring. Ticket prices will stay the same as last year, the "
         "director said, and students will be able to attend rehearsals free of charge.")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=300))
def test_minhash_equals_datasketch(values):
    ref = MinHash(num_perm=NUM_PERM, seed=dedup.SEED, hashfunc=lambda x: x)
    ref.update_batch(values)
    assert (minhash(np.array(values, dtype=np.uint64)) == ref.hashvalues).all()


def test_shingles_ignore_case_punctuation_and_stop_words():
    a = shingle_hashes("Rescue teams reached the flooded villages on Thursday.")
    b = shingle_hashes("RESCUE teams reached a “flooded” villages — on Thursday!")
    assert (np.sort(a) == np.sort(b)).all() and len(a) == 4  # rescue teams reached flooded villages thursday


def test_signature_of_a_short_text_is_none():
    assert signature("Too short to sign.") is None and signature("") is None
    assert signature(STORY).shape == (NUM_PERM,) and signature(STORY).dtype == np.uint32


def test_edited_copy_is_similar_other_story_is_not():
    copy = "By Wire Staff\n" + STORY.replace("Thursday", "Friday").replace("hundreds of", "many") + " More follows."
    s, c, o = signature(STORY), signature(copy), signature(OTHER)
    assert similarity(s, c) > 0.5 > 0.1 > similarity(s, o)
    assert len(set(band_keys(s)) & set(band_keys(c))) > 0
    assert set(band_keys(s)).isdisjoint(band_keys(o))


def test_band_keys_are_stable_and_distinct_per_band():
    s = signature(STORY)
    keys = band_keys(s)
    assert len(keys) == BANDS and len(set(keys)) == BANDS and keys == band_keys(s.copy())
    assert all(-(2**63) <= k < 2**63 for k in keys)  # fits SQLite's INTEGER


def test_blob_round_trip():
    s = signature(STORY)
    assert (dedup.from_blob(dedup.to_blob(s)) == s).all() and len(dedup.to_blob(s)) == 4 * NUM_PERM


@settings(max_examples=60, deadline=2000)
@given(st.text(max_size=3000))
def test_signature_never_fails(text):
    sig = signature(text)
    assert sig is None or sig.shape == (NUM_PERM,)


@pytest.mark.data
def test_near_duplicate_recall_and_no_false_links_on_clusters_dev(data):
    from bench.bench_ingest import near_duplicates

    r = near_duplicates(data)
    assert r["recall"] >= 0.95 and r["false_links"] == 0, r
