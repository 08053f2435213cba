"""Times, the project's one module of time helpers: parsed from metadata or text, always returned
as aware UTC datetimes; written as ISO 8601 UTC strings (the store's and the JSON's one form);
``--since`` values."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

# Dates outside this window are parse errors, not news (a "published" of 1970 or of next year).
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_FUTURE_SLACK = timedelta(days=2)

_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_TEXT_DATE = re.compile(
    rf"\b(?:{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\.?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)\b")
# A dateline sits at the top of an article; dates further down are about the events, not the article.
_TEXT_DATE_WINDOW = 400
_SINCE = re.compile(r"^\s*(\d+)\s*(m|min|h|d|w)\s*$", re.I)
_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def to_utc(dt: datetime) -> datetime:
    """A datetime in UTC; a naive one is taken to be UTC already."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def iso(dt: datetime) -> str:
    """The store's one time format: ``2025-06-02T10:00:00+00:00`` (sortable as a string)."""
    return to_utc(dt).replace(microsecond=0).isoformat()


def iso_or_none(dt: datetime | None) -> str | None:
    """:func:`iso`, or None for no time."""
    return iso(dt) if dt else None


def from_iso(value: object) -> datetime | None:
    """An ISO 8601 string as :func:`iso` wrote it, read back as given; None when absent or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def to_iso(value: object) -> str | None:
    """A time given any way (datetime, ISO 8601 string, epoch seconds) as :func:`iso` writes it;
    None when absent or unreadable."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, datetime):
            dt = value
        elif isinstance(value, int | float):
            dt = datetime.fromtimestamp(float(value), UTC)
        else:
            dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        return None
    return iso(dt)


def plausible(dt: datetime | None, now: datetime | None = None) -> datetime | None:
    """``dt`` in UTC if it could be a publication time, else None."""
    if dt is None:
        return None
    dt = to_utc(dt)
    return dt if _EARLIEST <= dt <= (now or utcnow()) + _FUTURE_SLACK else None


def from_struct(t: time.struct_time | None) -> datetime | None:
    """A UTC ``struct_time`` (feedparser's ``*_parsed``) -> datetime, or None."""
    if not t:
        return None
    try:
        return plausible(datetime(*t[:6], tzinfo=UTC))
    except (TypeError, ValueError, OverflowError):
        return None


def parse_time(value: object) -> datetime | None:
    """A time from metadata: ISO 8601, RFC 822, epoch seconds, or (last) whatever dateparser reads."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return plausible(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return plausible(datetime.fromtimestamp(float(value), UTC))
        except (ValueError, OverflowError, OSError):
            return None
    s = str(value).strip()[:100]
    if not s:
        return None
    try:
        return plausible(datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s))
    except ValueError:
        pass
    try:
        return plausible(parsedate_to_datetime(s))
    except (TypeError, ValueError, IndexError):
        pass
    return _dateparser(s)


def _dateparser(s: str) -> datetime | None:
    import dateparser

    try:
        dt = dateparser.parse(s, languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC",
                                                              "PREFER_DATES_FROM": "past"})
    except Exception:  # noqa: BLE001 - dateparser raises many kinds of errors on odd strings
        return None
    return plausible(dt)


def _month_date(s: str) -> datetime | None:
    """"January 4, 2019", "4 Jan. 2019", "Sept 4th 2019" -> datetime (strptime: 1000x dateparser's speed)."""
    s = re.sub(r"(?<=\d)(st|nd|rd|th)\b|[.,]", " ", s)
    s = re.sub(r"\bsept\b", "sep", " ".join(s.split()), flags=re.I)
    for fmt in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(s, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def date_in_text(text: str) -> datetime | None:
    """A publication date written near the top of an article ("Friday, January 4, 2019"), or None."""
    m = _TEXT_DATE.search(text[:_TEXT_DATE_WINDOW])
    if not m:
        return None
    found = m.group(0)
    return parse_time(found) if found[:4].isdigit() else plausible(_month_date(found))


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """``--since``: a duration back from now (``30m``, ``24h``, ``7d``, ``2w``) or a date/time
    (``2025-06-01``, ISO 8601). Raises ValueError with a readable message."""
    m = _SINCE.match(value)
    if m:
        return (now or utcnow()) - timedelta(seconds=int(m.group(1)) * _UNITS[m.group(2).lower()])
    try:
        return to_utc(datetime.fromisoformat(value.strip()))
    except ValueError:
        raise ValueError(f"--since {value!r}: give a duration like 24h, 7d, 2w or a date like 2025-06-01") from None
