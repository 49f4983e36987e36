"""Introduction requests in words: the message asking the first person on a path to introduce you, and the
short note they can forward to the person you want to meet (a double opt-in: the target says yes first).

Pure text: the paths come from :mod:`kithkin.network.paths`, the words about what two people share from
:mod:`kithkin.common_ground` (its first-person sentence, :attr:`~kithkin.common_ground.Shared.we`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kithkin.text import first_name

#: Between the request and the note in a draft the user edits; what follows it is the note.
NOTE_MARK = "--- note to forward ---"


@dataclass(frozen=True)
class Chain:
    """Who is on a path, in order (the user first, the person to reach last), and how the introducer knows
    the person after them (empty when unknown)."""

    names: Sequence[str]
    how: str = ""


def draft_request(chain: Chain, shared: str | None, where: str) -> str:
    """An editable introduction request to the first person on the path: whom, why (how the introducer
    knows them, ``shared``: what the two ends have in common, in the first person), and an offer of a note
    to forward. An introducer who does not know the target is asked to pass the note on, not to "introduce us".

    >>> "passing the short note below on to Bo Chen, the next step towards Cy" in draft_request(
    ...     Chain(["Dana Reyes", "Ann Lee", "Bo Chen", "Cy Park"]), None, "")
    True
    """
    me, introducer, target = chain.names[0], chain.names[1], chain.names[-1]
    via = f" (through {', '.join(chain.names[2:-1])})" if len(chain.names) > 3 else ""
    how = chain.how if len(chain.names) == 3 else ""
    reasons = [f"I understand you know each other ({how})." if how else "", _named(shared, target) if shared else ""]
    why = " ".join(r for r in reasons if r)
    if len(chain.names) <= 3:
        ask = (f"Would you be open to introducing us? Below is a short note you could forward, so that "
               f"{first_name(target)} can say yes first.")  # fmt: skip
    else:  # the introducer does not know the target: asked to "introduce us", they could not
        ask = (f"Would you be open to passing the short note below on to {chain.names[2]}, the next step towards "
               f"{first_name(target)}, so that {first_name(target)} can say yes first?")  # fmt: skip
    return (
        f"Hi {first_name(introducer)},\n\n"
        f"I hope you're well. I'd love to meet {target}{where}{via}. {why + ' ' if why else ''}"
        f"{ask}\n\nThanks so much,\n{first_name(me)}"
    )


def _named(we: str, target: str) -> str:
    """What the user and the target share, said to someone else: "We're both into startups." in a request to the
    introducer read as the user and the introducer; it is "Dana and I are both into startups."

    >>> [_named(w, "Dana Reyes") for w in ("We're both into startups.", "We've both worked at Intuit.")]
    ['Dana and I are both into startups.', 'Dana and I have both worked at Intuit.']
    >>> [_named(w, "Dana Reyes") for w in ("We were colleagues at Intuit.", "We both attended Expo (one of us spoke).")]
    ['Dana and I were colleagues at Intuit.', 'Dana and I both attended Expo (one of us spoke).']
    """
    name = first_name(target)
    for opening, verb in (("We're ", "are "), ("We've ", "have "), ("We were ", "were "), ("We ", "")):
        if we.startswith(opening):
            return f"{name} and I {verb}{we[len(opening) :]}"
    return we


def draft_note(chain: Chain, shared: str | None) -> str:
    """The forwardable note to the target (a double opt-in: they agree before anyone is put on the spot);
    ``shared``, what the two have in common in the first person.

    The target knows only the last person on the path, who forwards the note, so that is whom it names. It says
    no more of the ties than is known: every introducer was "a friend" of the user's, a colleague or a neighbour
    met once alike; a first name two people on the path share is given whole.

    >>> draft_note(Chain(["Dana Reyes", "Ann Lee", "Bo Chen", "Cy Park"]), None).splitlines()[2]
    "I'm Dana Reyes; I know Ann, who knows Bo. I'd enjoy comparing notes over a coffee or a short call, \
if you're open to it."
    >>> draft_note(Chain(["Dana Reyes", "Ann Lee", "Ken Ito", "Bo Chen", "Ken Abe", "Cy Park"]), None).splitlines()[2]
    "I'm Dana Reyes; we're connected through four people, the last of them Ken Abe. I'd enjoy comparing notes \
over a coffee or a short call, if you're open to it."
    """
    me, target = chain.names[0], chain.names[-1]
    between = _short_names(chain.names[1:-1], [me, target])
    if len(between) == 1:
        who = f"{between[0]} and I know each other"
    elif len(between) == 2:
        who = f"I know {between[0]}, who knows {between[1]}"
    else:
        count = _COUNTS[len(between)] if len(between) < len(_COUNTS) else str(len(between))
        who = f"we're connected through {count} people, the last of them {chain.names[-2]}"
    return (
        f"Hi {first_name(target)},\n\n"
        f"I'm {me}; {who}. {shared + ' ' if shared else ''}"
        f"I'd enjoy comparing notes over a coffee or a short call, if you're open to it.\n\n"
        f"Best,\n{first_name(me)}"
    )


_COUNTS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _short_names(names: Sequence[str], others: Sequence[str]) -> list[str]:
    """First names, or the whole name where two people on the path share the first (a note said "and Michael" of
    Michael Torres, sent by Michael Brennan).

    >>> _short_names(["Ann Lee", "Michael Torres"], ["Michael Brennan", "Bo Chen"])
    ['Ann', 'Michael Torres']
    """
    firsts = [first_name(n) for n in [*names, *others]]
    return [first_name(n) if firsts.count(first_name(n)) == 1 else n for n in names]


def join_draft(request: str, note: str) -> str:
    """The request and the note as one text to edit, the note after :data:`NOTE_MARK`."""
    return request + (f"\n\n{NOTE_MARK}\n\n{note}" if note else "") + "\n"


def split_draft(text: str) -> tuple[str, str]:
    """The request and the note from an edited draft (:func:`join_draft`'s text).

    >>> split_draft(join_draft("Hi Ann", "Hi Bo"))
    ('Hi Ann', 'Hi Bo')
    >>> split_draft("Just a request")
    ('Just a request', '')
    """
    request, _, note = text.partition(NOTE_MARK)
    return request.strip(), note.strip()
