"""The facts block in text and Markdown (JSON is the facts dict itself)."""

from __future__ import annotations

# How many entries of each list a text/Markdown block shows (JSON has them all): a reader scans
# a facts block in seconds; past ~8 names per line it turns into an index.
SHOW = {"who": 10, "where": 8, "when": 8, "figures": 8, "statements": 8, "positions": 8}


def _entity(e: dict) -> str:
    notes = []
    if e.get("roles"):
        notes.append(", ".join(e["roles"][:2]))
    if e.get("of"):
        notes.append(e["of"])
    if e.get("country") and e["country"] != e["name"]:
        notes.append(e["country"])
    if e.get("also"):
        notes.append("also " + ", ".join(e["also"][:3]))
    return e["name"] + (f" ({'; '.join(notes)})" if notes else "")


def _date(e: dict) -> str:
    value = e["date"] or e["text"]
    extra = f" \u2014 {e['event']}" if e.get("event") else ""
    shown = f" ({e['text']})" if e["date"] and e["text"] != e["date"] else ""
    if e.get("basis") == "published":
        shown = " (publication date: the text dates nothing recent)"
    return f"{value}{shown}{extra}"


def _statement(s: dict) -> str:
    who = s["speaker"] + (f" ({s['as']})" if s.get("as") else "")
    return f"{who} \u2014 {s['verb']} \u2014 {s['content']}"


def _position(p: dict) -> str:
    who = p["actor"] + (f" ({p['as']})" if p.get("as") else "")
    if p.get("joint"):
        who = f"{p['actor']} ({', '.join(p['joint'])})"
    cond = f" \u2014 {p['condition']}" if p.get("condition") else ""
    return f"{who} \u2014 {p['type']} ({p['verb']}) \u2014 {p['object']}{cond}"


def _lines(facts: dict) -> list[tuple[str, list[str], bool]]:
    """(heading, entries, inline?) for each non-empty part."""
    parts = [
        ("Who", [_entity(e) for e in facts.get("who", [])[:SHOW["who"]]], True),
        ("Where", [_entity(e) for e in facts.get("where", [])[:SHOW["where"]]], True),
        ("When", [_date(e) for e in facts.get("when", [])[:SHOW["when"]]], False),
        ("Figures", [f["text"] for f in facts.get("figures", [])[:SHOW["figures"]]], True),
        ("Statements", [_statement(s) for s in facts.get("statements", [])[:SHOW["statements"]]], False),
        ("Positions", [_position(p) for p in facts.get("positions", [])[:SHOW["positions"]]], False),
    ]
    return [p for p in parts if p[1]]


def render_facts(facts: dict | None, fmt: str = "text") -> str:
    """The facts block: ``text`` (indented lines) or ``markdown`` (a section with lists); '' if none."""
    if not facts:
        return ""
    # (title lines, head format, list item prefix) per format; the entries read the same
    title, head_fmt, item = ((["## Key facts", ""], "- **{}:**", "  - ") if fmt == "markdown"
                             else (["Facts"], "  {}:", "    - "))
    out = list(title)
    for head, entries, inline in _lines(facts):
        if inline:
            out.append(head_fmt.format(head) + " " + " \u00b7 ".join(entries))
        else:
            out.append(head_fmt.format(head))
            out += [item + e for e in entries]
    return "\n".join(out) + "\n"
