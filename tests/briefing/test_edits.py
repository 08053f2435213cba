from newsbrief.briefing.edits import edit_sentence, opens_with_reference, resolve_pronoun, strip_opener


def test_leading_connective_is_dropped_and_recapitalised():
    text, edits, dropped = strip_opener("However, the negotiations produced limited results.")
    assert text == "The negotiations produced limited results."
    assert dropped == len("However, ")
    assert edits == ["dropped 'However,'", "capitalised first letter"]


def test_leading_purpose_adverbial_is_dropped():
    text, _, _ = strip_opener("In ongoing efforts to resolve the conflict, direct talks were held in Istanbul.")
    assert text == "Direct talks were held in Istanbul."


def test_connective_that_needs_a_comma_is_kept_without_one():
    assert strip_opener("So far the talks have failed to agree.")[0] == "So far the talks have failed to agree."
    assert opens_with_reference("So far the talks have failed to agree.")


def test_pronoun_resolved_only_with_a_single_named_antecedent():
    before = ["President Volodymyr Zelensky emphasized the need for a ceasefire."]
    assert resolve_pronoun("He condemned the attacks.", before)[0] == "[Zelensky] condemned the attacks."
    two = ["Maria Okafor met Daniel Brandt on Tuesday."]
    assert resolve_pronoun("She said the deal was fair.", two) is None


def test_dangling_openers_are_flagged():
    for s in ("This stance reflects broader demands.", "It was the longest stoppage.",
              "Although this romance failed, he remained there.", "That is why they left.",
              "Their demands include withdrawal."):
        assert edit_sentence(s, [], False).dangling, s
    assert not edit_sentence("There are some caveats involved.", [], False).dangling
    assert not edit_sentence("Russia called for a withdrawal.", [], False).dangling


def test_sentence_inside_an_open_quote_is_dangling():
    assert edit_sentence("And so I think we're on the road.\"", [], True).dangling
