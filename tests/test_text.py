from newsbrief.text import split_sentences, stem, tokens


def texts(t: str) -> list[str]:
    return [s.text for s in split_sentences(t)]


def test_offsets_point_into_the_original_text():
    t = "(CNN)The talks began. Officials met in Istanbul.\n\nBERLIN — A second round followed on June 2."
    for s in split_sentences(t):
        assert t[s.start:s.end] == s.text


def test_abbreviations_and_initials_do_not_end_sentences():
    t = ("Gen. Mark Milley met Sen. Jane Doe on Jan. 5 in Washington. Blues legend B.B. King was 89. "
         "The U.S. Army said it would help. Prices rose in the U.S. The president spoke later.")
    assert texts(t) == [
        "Gen. Mark Milley met Sen. Jane Doe on Jan. 5 in Washington.",
        "Blues legend B.B. King was 89.",
        "The U.S. Army said it would help.",
        "Prices rose in the U.S.",
        "The president spoke later.",
    ]


def test_quotes_spanning_sentences_stay_one_unit():
    t = '"We know where to look. We know how to look," she said. Then she left.'
    assert texts(t) == ['"We know where to look. We know how to look," she said.', "Then she left."]


def test_question_inside_quote_followed_by_lowercase_is_not_a_boundary():
    assert texts('"Why now?" he asked. Nobody knew.') == ['"Why now?" he asked.', "Nobody knew."]


def test_datelines_bylines_and_furniture_are_dropped():
    t = ("By Jane Smith\n(CNN)Floods hit the city on Monday.\nRead more: other stories\n"
         "PARIS — Rescue teams arrived on Tuesday.\nAdvertisement\nThe water receded.")
    assert texts(t) == ["Floods hit the city on Monday.", "Rescue teams arrived on Tuesday.", "The water receded."]


def test_paragraphs_are_numbered():
    spans = split_sentences("One sentence here.\n\nAnother one there.")
    assert [s.paragraph for s in spans] == [0, 2]


def test_tokens_drop_stopwords_and_stem():
    assert tokens("The talks were stalled") == ["talk", "stall"]
    assert stem("killed") == "kill"


def test_wire_datelines_with_slashes_and_hyphens():
    assert texts("SEOUL/WASHINGTON (Reuters) - North Korea said on Wednesday it fired a missile.") == [
        "North Korea said on Wednesday it fired a missile."]
    assert texts("TOKYO - The government said on Friday a missile flew over Japan.") == [
        "The government said on Friday a missile flew over Japan."]
    assert texts("NASA said it - and nobody else - knew.") == ["NASA said it - and nobody else - knew."]
