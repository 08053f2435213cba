"""URLs: which may be fetched, their canonical form, their domain, and the article ids made from them."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track the reader: two links differing only in these are one article.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|cmpid|ocid|smid|sr_share)$", re.I)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def is_http(url: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def looks_like_url(source: str) -> bool:
    """True when ``source`` starts with a URL scheme (``http:``, ``file:``, ``ftp:``...), not a path."""
    return bool(_SCHEME.match(source)) and not re.match(r"^[a-zA-Z]:[\\/]", source)


def canonical_url(url: str) -> str:
    """The comparable form of a URL: lower-case scheme and host, no default port, no fragment,
    no tracking parameters; ``""`` for anything that is not an http(s) URL."""
    if not is_http(url):
        return ""
    p = urlsplit(url.strip())
    host = (p.hostname or "").lower().rstrip(".")
    port = p.port if p.port and (p.scheme.lower(), p.port) not in (("http", 80), ("https", 443)) else None
    netloc = f"{host}:{port}" if port else host
    query = urlencode([(k, v) for k, v in parse_qsl(p.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((p.scheme.lower(), netloc, p.path or "/", query, ""))


def domain(url: str) -> str:
    """The host of an http(s) URL without ``www.``; ``""`` otherwise."""
    if not is_http(url):
        return ""
    host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def id_for_url(url: str) -> str:
    """The article id of a page: stable across runs, so the same URL is recognised as the same article."""
    return hashlib.sha1(("url:" + (canonical_url(url) or url)).encode("utf-8")).hexdigest()[:16]


def id_for_key(key: str) -> str:
    """The article id made from any other stable key (a file's path, a feed item's guid, a text)."""
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
