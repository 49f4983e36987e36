"""Briefings as Markdown and as a single self-contained HTML page (no scripts, no external files).

Pure string building: the HTML escapes every value, carries its own CSS, and
reads well on a phone, so it can be mailed or AirDropped to oneself before a
gathering.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kithkin.services.briefing import Briefing, Entry
from kithkin.text import attendance, due_words, plural, tie_sentence, when

TOP_ITEMS = 5


def _open_items(entry: Entry, today: dt.date | None) -> list[str]:
    lines = [f"Goal: {g.text}" + (f" (by {when(g.due)})" if g.due else "") for g in entry.goals]
    lines += [f"Follow-up {due_words(f.due, today)}: {f.text}" for f in entry.followups]
    if entry.last is not None:
        note = f" — {entry.last.note}" if entry.last.note else ""
        lines.append(f"Last contact {when(entry.last.on)}: {entry.last.kind.label}{note}")
    return lines


def _mutual(entry: Entry) -> list[str]:
    return [item.name for item in entry.ground.items if item.kind is None]


def _headline(briefing: Briefing) -> str:
    known = sum(1 for entry in briefing.entries if entry.tie is not None)
    on = f" — {when(briefing.when)}" + (" (past)" if briefing.past else "") if briefing.when else ""
    at = f" at {briefing.place}" if briefing.place else ""
    who = attendance(known, len(briefing.entries) - known, len(briefing.strangers), you=briefing.you)
    return f"{briefing.title}{on}{at}: {who}"


def markdown(briefing: Briefing) -> str:
    """The briefing as Markdown."""
    out = [f"# Briefing: {briefing.title}", "", _headline(briefing), ""]
    for entry in briefing.entries:
        part = f" ({_PART[entry.part]})" if entry.part in _PART else ""
        out.append(f"## {entry.person.name}{part}" + (f" — {entry.headline}" if entry.headline else ""))
        out.append("")
        out.append(tie_sentence(entry.tie, entry.last))
        out += [f"- **{line}**" for line in _open_items(entry, briefing.today)]
        shared = [i for i in entry.ground.items if i.kind is not None][:TOP_ITEMS]
        if shared:
            out += ["", "Common ground:"]
            out += [f"- {i.sentence}" for i in shared]
        mutual = _mutual(entry)
        if mutual:
            out += ["", f"Mutual contacts: {', '.join(mutual[:8])}" + (" …" if len(mutual) > 8 else "")]
        openers = [i.opener for i in entry.ground.items[:3]]
        if openers:
            out += ["", "Openers:"] + [f"- {o}" for o in openers]
        out.append("")
    if briefing.strangers:
        out += ["## Not in your network yet", ""]
        out += [f"- {_stranger(s.name, s.email)}" + (f" — {s.guess}" if s.guess else "") for s in briefing.strangers]
        out.append("")
    if briefing.truncated:
        out.append(f"_{_left_out(briefing.truncated)}_")
    return "\n".join(out).rstrip() + "\n"


def _left_out(count: int) -> str:
    verb = "was" if count == 1 else "were"
    return f"{plural(count, 'more attendee')} {verb} left out of this briefing."


def _stranger(name: str, email: str) -> str:
    if name and email and name != email:
        return f"{name} <{email}>"
    return name or email or "(no name)"


_CSS = """
body{font:16px/1.45 -apple-system,system-ui,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:42rem;padding:1rem;
color:#1d2330;background:#fafafa}h1{font-size:1.4rem;margin:.2rem 0}p.sub{color:#555;margin-top:0}
section{background:#fff;border:1px solid #e3e3e3;border-radius:10px;padding:.8rem 1rem;margin:.8rem 0}
h2{font-size:1.1rem;margin:.1rem 0}.who{color:#555;font-size:.95rem}.open{color:#8a3b00;font-weight:600}
ul{padding-left:1.2rem;margin:.3rem 0}.opener{color:#0b5394}.small{font-size:.9rem;color:#555}
"""


def html_page(briefing: Briefing) -> str:
    """The briefing as one self-contained HTML file."""
    e: Callable[[object], str] = lambda value: html.escape(str(value))  # noqa: E731
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        '<meta name=viewport content="width=device-width,initial-scale=1">',
        f"<title>Briefing: {e(briefing.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Briefing: {e(briefing.title)}</h1><p class=sub>{e(_headline(briefing))}</p>",
    ]
    for entry in briefing.entries:
        parts.append(f"<section><h2>{e(entry.person.name)}</h2><div class=who>{e(entry.headline)}</div>")
        parts.append(f"<p class=small>{e(tie_sentence(entry.tie, entry.last))}</p>")
        open_items = _open_items(entry, briefing.today)
        if open_items:
            parts.append("<ul>" + "".join(f"<li class=open>{e(x)}</li>" for x in open_items) + "</ul>")
        shared = [i for i in entry.ground.items if i.kind is not None][:TOP_ITEMS]
        if shared:
            parts.append("<ul>" + "".join(f"<li>{e(i.sentence)}</li>" for i in shared) + "</ul>")
        mutual = _mutual(entry)
        if mutual:
            parts.append(f"<p class=small>Mutual contacts: {e(', '.join(mutual[:8]))}</p>")
        openers = [i.opener for i in entry.ground.items[:3]]
        if openers:
            parts.append("<ul>" + "".join(f"<li class=opener>{e(o)}</li>" for o in openers) + "</ul>")
        parts.append("</section>")
    if briefing.strangers:
        items = "".join(
            f"<li>{e(_stranger(s.name, s.email))}" + (f" — {e(s.guess)}" if s.guess else "") + "</li>"
            for s in briefing.strangers
        )
        parts.append(f"<section><h2>Not in your network yet</h2><ul>{items}</ul></section>")
    if briefing.truncated:
        parts.append(f"<p class=small>{e(_left_out(briefing.truncated))}</p>")
    parts.append("</body></html>\n")
    return "".join(parts)


#: An attendee's part at the event, as the briefing names it after their name.
_PART = {"host": "the host", "speaker": "a speaker"}
