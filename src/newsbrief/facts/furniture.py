"""Page furniture inside sentences, blanked before facts are read: share buttons, photo credits and
captions' labels, video-player text, newsletter boxes, bylines of bureaus and desks, section labels
before a headline.

A scraped article's text often runs such furniture into its sentences ("Click to share on WhatsApp
(Opens in new window)", "Image copyright Getty Images Image caption ...", "TNI Bureau: ...",
"Technology What the ..."); read as text it turns into actors ("Getty Images", "Click", "TNI
Bureau") and places. Each match is replaced by spaces of the same length, so every offset and
citation stays valid. (Kept small and local to the facts reader: the brief's own cleaning is the
text module's.)
"""

from __future__ import annotations

import re

_NEWS_SECTIONS = ("News|World|Politics|Business|Technology|Tech|Science|Health|Sport|Sports|Entertainment|Opinion|"
                  "Culture|Travel|Lifestyle|Markets|Economy|Money|Video|Live|Breaking|Exclusive|Analysis|Comment")
_FURNITURE = re.compile(
    r"Click (?:here )?to [a-z]+(?: (?!on\b)[a-z]+){0,5}(?: on [A-Z][\w.]*)?(?: \(Opens in new window\))?"
    r"|\(Opens in new window\)"
    r"|(?:Image|Media|Video) copyright(?: (?:(?!Image\b|Media\b)[A-Z][\w.&/\-]*|via|and)){0,3}"
    r"|(?:Image|Media|Video) caption"
    r"|(?:[A-Z]{2,}(?:/| via ))?Getty Images"
    r"|(?:Photo|Picture|Pictures|Image|Credit|Photograph)s?: (?:[A-Z][\w.&/\-]*(?: |$)){1,3}"
    r"|Skip Ad|Ad Loading\.*|\bx (?:Embed|Share)\b"
    # newsletter sign-up boxes
    r"|(?:Sign [Uu]p\s*)?You agree to receive[^.!?]*[.!?]?|Thank you for subscribing!?|\+ Subscribe"
    r"|Get [a-z]+ updates directly to your inbox|Sign up to [^.!?]{0,60}newsletter"
    # a bureau's or desk's byline: "TNI Bureau:", "By Reuters Staff"
    r"|^(?:By\s+)?(?:[A-Z][\w&.]*\s+){1,3}(?:Bureau|Desk|Staff|Correspondent|Newsroom)\b:?"
    # a section label run into the headline or sentence that follows it: "Technology What ..."
    rf"|^(?:{_NEWS_SECTIONS})(?=\s+[A-Z\"\u201c])",
    re.M,
)


def blank(text: str) -> str:
    """``text`` with its page furniture replaced by spaces (same length, same offsets)."""
    return _FURNITURE.sub(lambda m: " " * len(m.group()), text)
