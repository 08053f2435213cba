from newsbrief.briefing.headline import MAX_WORDS, clean_title, compress


def in_order_subset(short: str, long: str) -> bool:
    words = iter(long.replace('"', "").split())
    return all(any(w.strip(".,") == x.strip(".,") for x in words) for w in short.split())


def test_compress_deletes_attribution_and_clauses_only():
    s = ("Dock workers at the port of Portville ended a nine-day strike on Tuesday after union leaders "
         "accepted a pay offer from the harbour authority, officials said.")
    h = compress(s)
    assert len(h.split()) <= MAX_WORDS and not h.endswith(".")
    assert in_order_subset(h, s)
    assert "officials said" not in h


def test_compress_never_exceeds_limit():
    s = " ".join(["word"] * 40) + "."
    assert len(compress(s).split()) <= MAX_WORDS


def test_clean_title_drops_site_suffix_and_period():
    assert clean_title("Harbour workers end strike after pay deal | Portville Post") == \
        "Harbour workers end strike after pay deal"
    assert clean_title("Talks stall.") == "Talks stall"
