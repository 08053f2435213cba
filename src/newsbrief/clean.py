"""Page furniture: the parts of a scraped page that are not the story's sentences.

Captions and photo credits, bylines, membership and newsletter appeals, breadcrumbs, "Published
in ..." notes, agency datelines and prefixes, list markers and emoji. Nothing here rewrites the
stored text: the splitter asks these functions which lines to skip, how many leading characters
of a line or sentence to step over, and which sentences to leave out of the sentence pool, so
every citation's offsets still point into the article as it was stored.
"""

from __future__ import annotations

import re

# Agencies whose name tags a dateline ("WASHINGTON (Reuters) -", "Bangkok, MINA -").
_AGENCY = (r"CNN|AP|AFP|Reuters|The\ Hollywood\ Reporter|EW\.com|Mashable|CNN\ Money|Bloomberg|UPI|dpa|"
           r"Xinhua|ANI|IANS|PTI|TASS|Anadolu|Yonhap|Kyodo|EFE|ANSA|NNA|WAM|SPA|MINA|IRNA|Bernama|PA|"
           r"Sputnik|RIA|Interfax|KUNA|APA|Antara|BNA|QNA|SABC|NAN")
_DASH = r"[-\u2014\u2013]"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# A dateline or source tag opening a line or an article.
DATELINE = re.compile(
    r"""^\s*(?:
        (?:[A-Z][\w.'/\- ]{0,40},\s*)?(?:[A-Z][\w.'/\- ]{0,30}\s*)?(?:,\s*""" + _MONTH + r"""\s+\d{1,2}\s*)?
            \((?:""" + _AGENCY + r""")\)\s*(?:""" + _DASH + r"""+\s*)?
      | [A-Z][a-z]+(?:[\ -][A-Z][a-z]+){0,2},\s*(?:""" + _AGENCY + r""")\s*""" + _DASH + r"""+\s+
      | [A-Z][A-Z.'/\- ]{2,40}(?:,\s*[A-Z][\w.'\- ]{1,30})?\s*(?:\([A-Za-z ]{1,20}\)\s*)?[\u2014\u2013]\s*
      | [A-Z][A-Z.'/\- ]{2,40}(?:,\s*[A-Z][\w.'\- ]{1,30})?\s*(?:\([A-Za-z ]{1,20}\)\s*)?--?\s+
      | [A-Z]{3,}(?:\ [A-Z]{3,}){0,2}:\s+(?=[A-Z])
    )""",
    re.X,
)
# List markers opening a line ("- ", "* ", bullets).
_MARKER = re.compile(r"^\s*(?:[-*\u2022\u25aa\u25cf\u2013]\s+)")
# A photo credit before a caption or a sentence ("Image copyright Reuters", "Getty Images").
_CREDIT = re.compile(
    r"^\s*(?:[Ii]mage|[Pp]hoto|[Pp]icture|[Mm]edia)\s+(?:copyright|source|credit)s?\s*:?\s*"
    r"(?:[^\n]{1,60}?(?=(?:Image|Photo|Media)\s+caption)"
    r"|(?:Getty\s+Images|[A-Z][\w.&'-]*(?:\s*/\s*[A-Z][\w.&'-]*)*(?:\s+(?:Getty\s+)?Images)?)\s+)"
)
# Whole lines that are page furniture, not news.
_LINE = re.compile(
    r"""^\s*(?:read\ more|follow\ us|follow\ @|click\ here|advertisement|share\ this|share\ on|sign\ up|
    subscribe|photo:|photograph:|getty\ images|related:|see\ also|
    enlarge\ this\ image|toggle\ caption|tweet\ with\ a\ location|you\ can\ add\ location|
    this\ material\ may\ not\ be|copyright\ \d{4}|all\ rights\ reserved|\(?ap\ photo|
    scroll\ down|watch\ the\ video|video:|listen|published:|updated:|last\ updated|by\ \.|
    published\ in\b|first\ published|originally\ published|this\ (?:article|story)\ (?:was\ )?(?:first\ |originally\ )?
    (?:published|appeared)|media\ playback\ is|skip\ (?:to|ad)|home\s*[>/\u203a\u00bb|])""",
    re.X | re.I,
)
_BYLINE = re.compile(
    r"^\s*(?:(?:Written|Posted|Reported|Words)\s+)?By\s+[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3}"
    r"(?:\s*(?:,|and|for|\||[\u2022\u00b7])\s*[\w .,'|:\-]{0,60})?\s*$"
)
# "Home > World > Asia", "News / Politics / Europe": three or more short crumbs, no sentence.
_BREADCRUMB = re.compile(r"^\s*(?:[\w&'. -]{1,30}\s*[>/\u203a\u00bb|]\s*){2,}[\w&'. -]{1,30}\s*$")
# Sentences that are captions, credits, appeals or notes about the page rather than news.
_SENTENCE = re.compile(
    r"""^\s*(?:(?:image|photo|media|video)\s+(?:caption|copyright|credit|source)
    |media\ playback\ is|(?:\(\s*)?(?:reporting|writing|editing|additional\ reporting)\ by\ [A-Z]
    |published\ in\b|first\ published|originally\ published|this\ (?:article|story)\ (?:was\ )?(?:first\ |originally\ )?
    (?:published|appeared)|read\ (?:more|the\ full)|click\ here|sign\ up\b|subscribe\ (?:to|now|today)
    |follow\ (?:us|@)|share\ (?:this|on)|advertisement\b)""",
    re.X | re.I,
)
# Appeals for money, membership or sign-ups, anywhere in a sentence.
_APPEAL = re.compile(
    r"""\b(?:become\ an?\ (?:member|subscriber|supporter|patron)|support\ (?:our|independent|quality)\ journalism
    |(?:sign\ up|subscribe)\ (?:for|to)\ (?:our|the|my)\b[^.]{0,40}\b(?:newsletter|bulletin|briefing|updates|podcast)
    |make\ a\ (?:one-off\ )?(?:contribution|donation)|donate\ (?:now|today|to\ us)|if\ you\ (?:value|enjoy|like|appreciate)
    \ (?:our|this|what\ we)|consider\ (?:supporting|subscribing|becoming)|delivered\ (?:straight\ )?to\ your\ inbox
    |in\ your\ inbox\ every|turn\ off\ (?:your\ )?ad\ ?blocker|whitelist\ us|members\ get\ access
    |subscription\ service|digital\ access|(?:re-?enter|enter)\ (?:your\ )?zip\ ?code|log\ ?in\ to\ (?:continue|read)
    |already\ a\ subscriber|enter\ (?:your|an)\ e-?mail|e-?mail\ address\ is\ invalid|please\ enter\ an?\ |you\ have\ reached\ your\ (?:free\ )?(?:article|story)\ limit)""",
    re.X | re.I,
)
# Notices of a page's embedded machinery, never the story's news: a tweet's location settings, the
# Internet Archive's notes on a crawl, a video player's errors, alert and newsletter sign-up prompts.
_WIDGET = re.compile(
    r"""\b(?:tweet\ with\ a\ location|location\ information\ to\ your\ tweets|(?:tweet\ )?location\ history
    |switch\ location\ on/off|twitter\ stores\ that\ location|crawl\ data|crawls\ (?:of|are\ part)|archived?\ (?:the\ )?pages
    |wayback\ machine\ after|broken\ links\ on\ the\ web|warc\ files|web\ page\ captures|video\ has\ been\ rented
    |feature\ is\ not\ available\ right\ now|get\ (?:push\ notifications|breaking\ news\ alerts)|delivered\ weekday\ mornings
    |select\ a\ newsletter|verify\ you're\ not\ a\ robot|thank\ you\ for\ subscribing|all\ [\w\ ]{0,30}\ newsletters)""",
    re.X | re.I,
)
# A link to other pages set in the text: a promo in brackets ("(MORE: ...)", "(Also on Outlet: ...)",
# "(Published Monday, ...)") or a pointer to what sits on the page ("Watch the video below.",
# "Read the full statement here.").
_PROMO = re.compile(
    r"""^\(\s*(?:more|related|read|see|watch|listen|interactive|also\ on\ [\w.' ]{1,30}|join\ us\b[^:)]{0,60}|published)\s*[:\s]
    |^(?:watch|read|see|find|listen\ to|check\ out|view)\b[^.!?]{0,100}\b(?:here|below|above)\b(?:\ to\ [^.!?]{0,100})?\s*[.:!]?\s*$
    |\byou\ can\ (?:watch|read|see|listen\ to|find)\b[^.!?]{0,30}\ (?:here|below|above)\s*[.:!]?\s*$""",
    re.X | re.I,
)
# Video-player and gallery controls run into text ("Skip in Skip x Embed x Share CLOSE").
_PLAYER = re.compile(r"\b(?:Skip|Embed|Share|CLOSE|Replay|Autoplay|Fullscreen)\b(?:\W+\w+){0,4}?\W+"
                     r"(?:Skip|Embed|Share|CLOSE|Replay|Autoplay|Fullscreen)\b")
# A photo caption: a credit in brackets at its end ("... the World Series (Getty)") or a
# gallery label at its start ("Photos: ...").
_CAPTION = re.compile(
    r"[(\[](?:[^()\[\]]{0,40}/)?\s*(?:Getty(?:\s+Images)?|AP(?:\s+Photo)?|AFP|Reuters|EPA|PA|Shutterstock|Rex|"
    r"(?:Photo|Image|Picture)s?(?:\s*:[^()\[\]]{0,40})?)\s*[)\]]\s*\.?$|^(?:Photos|Pictures|Gallery|In\s+pictures)\s*:"
)
# A dated photo caption: "... during a meeting in Abuja, Nigeria, October 13, 2016." (a full date
# closing the sentence after a comma) or a caption verb in the present before a full date.
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATED_CAPTION = re.compile(
    r",\s*(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s*)?" + _MONTHS + r"\s+\d{1,2},\s*\d{4}\.?$"
    r"|\b(?:testifies|speaks|arrives|poses|walks|gestures|waves|celebrates|attends|delivers|listens|looks\s+on|"
    r"is\s+seen|are\s+seen|is\s+pictured|are\s+pictured)\b[^.]{0,120}\b" + _MONTHS + r"\s+\d{1,2},\s*\d{4}"
    r"|\bUpdated:?\s*\d|\b\d{4}-\d\d-\d\d\s+\d{1,2}:\d\d\b|\bBy\s+Agencies\b"
)
# Pictographs, dingbats and their modifiers: a line with one is social-media text or decoration.
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\U0001F1E6-\U0001F1FF]")


def furniture_line(line: str) -> bool:
    """Is this whole line page furniture (menus, bylines, breadcrumbs, share buttons)?"""
    if _LINE.match(line):
        return True
    if len(line) > 200:  # bylines and breadcrumbs are short lines
        return False
    return bool(_BYLINE.match(line) or (any(c in line for c in ">/\u203a\u00bb|") and _BREADCRUMB.match(line)))


def line_skip(line: str) -> int:
    """How many leading characters of a line are a list marker, an agency dateline or a photo
    credit (stepped over, never deleted from the stored text)."""
    skip = 0
    for _ in range(3):
        rest = line[skip:]
        m = _MARKER.match(rest) or DATELINE.match(rest) or _CREDIT.match(rest)
        if not m or m.end() == 0 or m.end() >= len(rest):
            break
        skip += m.end()
    return skip


# Cheap substring tests that gate the slower patterns (the splitter runs on every sentence).
_APPEAL_WORDS = ("member", "subscri", "journalism", "newsletter", "contribution", "donat", "you value", "you enjoy",
                 "you like", "you appreciate", "consider", "inbox", "blocker", "whitelist", "zip", "digital access",
                 "log in", "login", "limit", "email", "e-mail", "please enter")
_WIDGET_WORDS = ("location", "crawl", "archive", "broken links", "warc", "captures", "rented", "available right now",
                 "notifications", "alerts", "weekday", "newsletter", "robot", "subscribing")
_POINTER_VERBS = ("watch", "read", "see", "find", "listen", "check", "view")
_PLAYER_WORDS = ("Skip", "Embed", "Share", "CLOSE", "Replay", "Autoplay", "Fullscreen")
_YEAR = re.compile(r"\d\d\d\d")


def _has_any(text: str, words: tuple[str, ...]) -> bool:
    """Does ``text`` contain one of ``words``? (A plain loop: faster than any() or a regex here.)"""
    for w in words:
        if w in text:
            return True
    return False


class Gates:
    """Which gate words a whole text holds: a sentence of it can hold only those, so the splitter
    tests the gates once per article instead of once per sentence (same verdicts, less scanning)."""

    __slots__ = ("emoji", "appeal", "player", "widget")

    def __init__(self, text: str | None = None) -> None:
        low = text.lower() if text is not None else None
        self.emoji = text is None or EMOJI.search(text) is not None
        self.appeal = low is None or _has_any(low, _APPEAL_WORDS)
        self.player = text is None or _has_any(text, _PLAYER_WORDS)
        self.widget = low is None or _has_any(low, _WIDGET_WORDS)


_OPEN = Gates()  # no text known: every gate open


def furniture_sentence(text: str, gates: Gates = _OPEN) -> bool:
    """Is this sentence a caption, credit, byline note, appeal or emoji text, not the story's news?
    ``gates`` (of the whole text the sentence is part of) skips tests whose words the text lacks."""
    if _SENTENCE.match(text) or (gates.emoji and EMOJI.search(text)):
        return True
    low = text.lower()
    if gates.appeal and _has_any(low, _APPEAL_WORDS) and _APPEAL.search(text):
        return True
    if gates.player and _has_any(text, _PLAYER_WORDS) and _PLAYER.search(text):
        return True
    if gates.widget and _has_any(low, _WIDGET_WORDS) and _WIDGET.search(text):
        return True
    if (text[:1] == "(" or low.startswith(_POINTER_VERBS) or "you can " in low) and _PROMO.search(text):
        return True
    tail = text.rstrip(" .")[-1:]
    if (tail in ")]" or text[:1] in "PGI") and _CAPTION.search(text):
        return True
    return bool(("Updated" in text or "Agencies" in text or _YEAR.search(text)) and _DATED_CAPTION.search(text))


# A caption has no full stop: it runs into the sentence after it ("Image caption Boats stayed in
# harbour on Monday The port authority has ..."). The sentence starts at the first capitalised
# word that only opens sentences (a determiner or pronoun, capitalised mid-text).
_CAPTION_LEAD = re.compile(r"^\s*(?:image|media|photo|video)\s+caption\b", re.I)
_STARTS_SENTENCE = re.compile(r"\s(?=(?:The|A|An|He|She|It|They|We|This|These|Police|Officials|Authorities|"
                              r"Some|Many|More|At\s+least|In|On|After|When)\s)")


def caption_end(text: str) -> int:
    """Where the sentence run into a caption starts (0: the whole text is the caption)."""
    if not _CAPTION_LEAD.match(text):
        return 0
    m = _STARTS_SENTENCE.search(text, 15)
    return m.end() if m and len(text) - m.end() > 20 else 0


_CONTROL = re.compile(r"\b(?:" + "|".join(_PLAYER_WORDS) + r")\b")


def _controls_end(text: str) -> int:
    """End of the video-player controls opening ``text`` ("Skip Ad Ad Loading... x Embed x Share
    President Obama and ..."): a chain of two or more control words, each within four words of the
    last (as ``_PLAYER``), when a sentence follows (a capitalised word, not a shouted video title,
    no "Title | 2:30" duration bar); 0 otherwise."""
    if not text.startswith(_PLAYER_WORDS):
        return 0
    end, n = 0, 0
    for m in _CONTROL.finditer(text):
        if len(text[end:m.start()].split()) > 4:
            break
        end, n = m.end(), n + 1
    rest = text[end:].lstrip()
    sentence = rest[:1].isupper() and rest[1:2].islower() and " | " not in rest and len(rest) > 20
    return len(text) - len(rest) if n >= 2 and sentence else 0


def sentence_skip(text: str) -> int:
    """Leading characters of a sentence that are a photo credit or video-player controls run into
    it ("Image copyright Reuters Officials said ...", "Skip Ad x Embed x Share The port ..."); the
    sentence after them is the article's, only controls in the middle of one make it furniture."""
    m = _CREDIT.match(text)
    if m and m.end() < len(text):
        return m.end()
    return _controls_end(text)


__all__ = ["DATELINE", "EMOJI", "Gates", "caption_end", "furniture_line", "furniture_sentence", "line_skip", "sentence_skip"]
