"""All terminal output: Rich tables and colours on a terminal, plain aligned text when piped.

The only module that imports rich, so the rest of kithkin stays renderable
in other ways (JSON, HTML, a web page).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kithkin import report
from kithkin.model import Affiliation, ContactKind, GroupKind, Person, Profile, Summary
from kithkin.serialize import to_jsonable
from kithkin.text import (
    CLOSENESS_WORDS,
    KIND_TITLES,
    affiliation_detail,
    birthday_words,
    each_other,
    first_name,
    guest_list,
    plural,
    span,
    tie_how,
    tie_sentence,
    when,
)

if TYPE_CHECKING:  # types only: rendering one view must not import every use case
    import datetime as dt

    from kithkin.common_ground import CommonGround
    from kithkin.services.briefing import Briefing
    from kithkin.services.common_ground import Found
    from kithkin.services.demo import Tour
    from kithkin.services.followups import Digest, DueItem, LedgerView, LogView, Relationship
    from kithkin.services.gatherings import GatheringPlan
    from kithkin.services.introductions import Introductions
    from kithkin.services.matchmaking import MatchView, PastRound
    from kithkin.services.merging import MergeDone, ProposalView
    from kithkin.services.resolving import ImportReport
    from kithkin.services.suggestions import Suggestion

# Piped output is never wrapped, so each row stays one line for grep and cut.
out = Console(highlight=False)
if not out.is_terminal:
    out = Console(highlight=False, width=1000)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _styled() -> bool:
    return out.is_terminal


#: Control characters (C0 and C1, but newline and tab) a name, a header or a file name may carry: shown as
#: escapes, never sent raw to the terminal (``\x1b[2J`` would clear the user's screen).
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A)}


def safe(text: str) -> str:
    r"""``text`` with its terminal control characters shown as escapes.

    >>> print(safe("\x1b[2J\x1b[31mx"))
    \x1b[2J\x1b[31mx
    """
    return text.translate(_CONTROL)


def _text(message: str, style: str = "") -> Text:
    """User-provided words as text, never as Rich markup (a name like "[red]Ann" stays as typed)."""
    return Text(safe(message), style=style if _styled() else "")


def error(message: str) -> None:
    label = Text("error: ", style="bold red" if err.is_terminal else "")
    err.print(label + Text(safe(message)))


def done(message: str) -> None:
    out.print(Text.assemble(_text("✓ ", "green"), _text(message)) if _styled() else _text(message))


def line(message: str = "") -> None:
    out.print(_text(message))


def note(message: str) -> None:
    """A remark about what was done (on stderr, so that ``--json`` output stays clean)."""
    err.print(Text(safe(message)))


def heading(message: str) -> None:
    out.print(Text("\n") + _text(message, "bold"))


def json_text(value: Any) -> str:
    return json.dumps(to_jsonable(value), indent=2, ensure_ascii=False) + "\n"


def as_json(value: Any) -> None:
    """Machine-readable output: no colour, no wrapping, always valid JSON."""
    sys.stdout.write(json_text(value))


def table(columns: Sequence[str], rows: Sequence[Sequence[object]], title: str | None = None) -> None:
    grid = Table(
        title=title if _styled() else None,
        box=box.SIMPLE_HEAD if _styled() else None,
        show_header=True,
        header_style="bold" if _styled() else "",
        pad_edge=False,
    )
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*(Text("" if v is None else safe(str(v))) for v in row))
    if not _styled() and title:
        out.print(_text(title))
    out.print(grid)


def people(found: Sequence[Person]) -> None:
    if not found:
        line("nobody matches")
        return
    table(
        ["id", "name", "email", "tags"],
        [
            (f"#{p.id}", p.name + (" (you)" if p.is_me else ""), ", ".join(p.emails[:1]), ", ".join(p.tags))
            for p in found
        ],
    )


def person_line(person: Person) -> str:
    return f"{person.name} (#{person.id})"


def profile(view: Profile, max_ties: int = 15, today: dt.date | None = None) -> None:
    person = view.person
    title = person.name + ("  · you" if person.is_me else "") + f"  · #{person.id}"
    out.print(_text(title, "bold cyan"))
    if person.aliases:
        line(f"  also known as {', '.join(person.aliases)}")
    for kind in ContactKind:
        for contact in person.contacts:
            if contact.kind is kind:
                label = f" ({contact.label})" if contact.label else ""
                line(f"  {kind.value:<7}{contact.value}{label}")
    if person.tags:
        line(f"  tags   {', '.join(person.tags)}")
    if view.birthday:  # the user's own too: it was shown only below someone else's profile
        from kithkin.services.followups import birthday_after

        upcoming = birthday_after(view.birthday, today or dt.date.today())
        line(f"  born   {birthday_words(view.birthday)}" + (f" (next {when(upcoming)})" if upcoming else ""))
    if person.notes:
        line(f"  notes  {person.notes}")
    for address in view.addresses:
        line(f"  address {address.text}" + (f" ({address.label})" if address.label else ""))
    for follow in view.follows:
        line(f"  {follow} (one way)")
    _affiliations(view.affiliations, today)
    for guess in view.guesses:
        line(f"  {guess}")
    if view.ties:
        heading(f"Knows {plural(len(view.ties), 'person', 'people')}")
        rows = []
        for tie, other in view.ties[:max_ties]:
            closeness = f"{tie.closeness} {CLOSENESS_WORDS[tie.closeness]}" if tie.closeness else ""
            how = tie_how(tie.how, view.introducers.get(tie.introduced_by or 0, ""))
            since = span(tie.since, None).replace("–now", "") if tie.since else ""
            rows.append((person_line(other), how, since, closeness))
        table(["who", "how", "since", "closeness"], rows)
        if len(view.ties) > max_ties:
            line(f"  … and {len(view.ties) - max_ties} more (--json lists all)")
    if view.sources:
        line(f"\nsources: {'; '.join(view.sources)}")


def relationship(view: Relationship) -> None:
    """What the user and a person have been to each other (below their profile in `kithkin person show`)."""
    heading("Keeping in touch")
    if view.cadence_days is None:
        line("  no cadence set (kithkin cadence NAME 30d)")
    else:
        why = f" (everyone tagged {view.cadence_tag})" if view.cadence_tag else ""
        line(f"  every {plural(view.cadence_days, 'day')}{why}")
    b = view.balance
    last = f"; last {when(b.last)}" if b.last else ""
    line(f"  in the last year you did {plural(b.gave, 'thing')} for them, they did {b.got} for you{last}")
    for goal in view.goals:
        line(f"  goal g{goal.id}: {goal.text}" + (f" (by {when(goal.due)})" if goal.due else ""))
    for item in view.followups:
        line(f"  follow-up f{item.id}: {item.text or 'follow up'} (due {when(item.due)})")
    if not view.interactions:
        line("  nothing logged yet (kithkin log NOTE --with NAME)")
        return
    shown, count = len(view.interactions), view.interaction_count
    heading(f"Interactions ({count})" if shown == count else f"Interactions (the latest {shown} of {count})")
    for entry in view.interactions:
        line(f"  {when(entry.on)}  {entry.kind.label}" + (f" — {entry.note}" if entry.note else ""))
    if view.interaction_count > len(view.interactions):
        line(f"  … and {view.interaction_count - len(view.interactions)} more (kithkin log list NAME)")


def log_entries(view: LogView) -> None:
    if not view.entries:
        line("nothing logged")
        return
    table(  # the id: what `kithkin log remove ID` takes back
        ["id", "day", "kind", "with", "note"],
        [
            (f"#{i.id}", when(i.on), i.kind.label, ", ".join(p.name for p in people), i.note)
            for i, people in view.entries
        ],
    )
    if view.total > len(view.entries):
        line(f"  … and {view.total - len(view.entries)} more (--limit shows more)")


def _affiliations(affiliations: Sequence[Affiliation], today: dt.date | None) -> None:
    for kind in GroupKind:
        mine = [a for a in affiliations if a.group.kind is kind]
        if not mine:
            continue
        heading(KIND_TITLES[kind])
        if kind is GroupKind.INTEREST:
            line("  " + ", ".join(a.group.name for a in mine))
            continue
        for aff in mine:
            detail = affiliation_detail(aff, today)
            line(f"  {aff.group.name}" + (f" — {detail}" if detail else ""))


def summary(view: Summary) -> None:
    me = f"you are {view.me.name} (#{view.me.id})" if view.me else "you have not said who you are (kithkin me NAME)"
    line(f"{view.people:,} people · {view.ties:,} ties · {view.affiliations:,} affiliations · {me}")
    rows = []
    for kind in GroupKind:
        top = ", ".join(f"{name} ({n})" for name, n in view.top_groups.get(kind, ()))
        rows.append((KIND_TITLES[kind], f"{view.groups.get(kind, 0):,}", top))
    table(["kind", "groups", "largest (members)"], rows)


def common_ground(ground: CommonGround, limit: int = 12) -> None:
    a, b = ground.a, ground.b
    title = f"{a.name} and {b.name}"
    out.print(_text(title, "bold cyan"))
    if ground.tie is not None:
        line(tie_sentence(ground.tie, None) if a.is_me else each_other(a.name, b.name, ground.tie, ground.introducer))
    if not ground.items:
        line("  nothing in common that kithkin knows of yet")
        return
    if ground.known_to_each_other:  # two who know each other need no opener from the user's notes
        table(["weight", "in common"], [(f"{item.weight:.1f}", item.sentence) for item in ground.items[:limit]])
    else:
        rows = [(f"{item.weight:.1f}", item.sentence, item.opener) for item in ground.items[:limit]]
        # The openers are the first person's words to the second: the user's own only when the first is the user.
        table(["weight", "in common", "opener" if a.is_me else f"{first_name(a.name)}'s opener"], rows)
    if len(ground.items) > limit:
        line(f"  … and {len(ground.items) - limit} more (--json lists all)")
    aliases = sorted(
        {f"{i.group.name} = {', '.join(i.group.aliases)}" for i in ground.items if i.group and i.group.aliases}
    )
    if aliases:
        line("other names of these groups: " + "; ".join(aliases))  # not that any was used: the rows point at the group


def found(results: Sequence[Found]) -> None:
    if not results:
        line("nobody matches")
        return
    rows: list[tuple[str, ...]] = []
    for hit in results:
        matched = "; ".join(
            f"{a.group.name}" + (f" ({affiliation_detail(a)})" if affiliation_detail(a) else "") for a in hit.matched
        )
        shared = ""
        if hit.ground is not None:
            shared = f"{hit.ground.score:.1f}: " + "; ".join(i.sentence for i in hit.ground.items[:2])
        rows.append((person_line(hit.person), matched, shared))
    columns = ["who", "matched", "common ground"]
    if not any(r[2] for r in rows):
        rows = [r[:2] for r in rows]
        columns = columns[:2]
    table(columns, rows)


def briefing(view: Briefing) -> None:
    """The briefing in the terminal: the same content as the Markdown, laid out for reading."""
    for text in report.markdown(view).splitlines():
        if text.startswith("# "):
            out.print(_text(text[2:], "bold magenta"))
        elif text.startswith("## "):
            out.print(Text("\n") + _text(text[3:], "bold cyan"))
        elif text.startswith("- **"):
            shown = text[4:].removesuffix("**")
            out.print(_text(f"  ! {shown}", "yellow"))
        elif text.startswith("- "):
            line("  • " + text[2:])
        elif text:
            line("  " + text)


def _due_in(overdue_days: int) -> str:
    if overdue_days > 0:
        return plural(overdue_days, "day overdue", "days overdue")
    return "today" if overdue_days == 0 else f"in {plural(-overdue_days, 'day')}"


def due(items: Sequence[DueItem]) -> None:
    if not items:
        line("nothing due")
        return
    rows = [
        (item.id, when(item.due), _due_in(item.overdue_days), item.person.name if item.person else "", item.what)
        for item in items
    ]
    table(["id", "due", "", "who", "what"], rows)


def ledger(view: LedgerView) -> None:
    if not view.balances:
        line(f"no give or take logged in the last {plural(view.window_days, 'day')}")
        return
    table(
        ["who", "you gave", "you got", "balance", "last"],
        [(p.name, b.gave, b.got, f"{b.balance:+d}", when(b.last)) for p, b in view.balances[:50]],
    )
    if view.one_sided:
        heading("Gone one-sided")
        for person, b in view.one_sided[:10]:
            side = "you have given more" if b.balance > 0 else "they have given more"
            line(f"  {person.name}: {side} ({b.gave} vs {b.got})")


def digest_line(digest: Digest) -> str:
    names = ", ".join(p.name for p, _ in digest.overdue[:3])
    more = len(digest.overdue) - 3 + digest.more_overdue
    and_more = f" and {more} more" if more > 0 else ""
    parts = [f"get back in touch with {names}{and_more}" if names else "nobody overdue"]
    if digest.late:
        parts.append(f"{plural(len(digest.late), 'follow-up')} overdue")
    if digest.upcoming:
        parts.append(f"{plural(len(digest.upcoming) + digest.more_upcoming, 'follow-up')} coming up")
    if digest.birthdays:
        parts.append(f"{plural(len(digest.birthdays), 'birthday')} this week")
    if digest.events:
        parts.append(f"{plural(len(digest.events), 'event')} in the next fortnight")
    return f"kithkin {when(digest.today)}: " + "; ".join(parts)


def _item_line(item: DueItem) -> str:
    who = f"{item.person.name}: " if item.person else ""
    today = "today, " if item.overdue_days == 0 else ""  # "Coming up: Tue 2 Mar 2027" said nothing of it being today
    return f"  • {today}{when(item.due)} {who}{item.what} [{item.id}]"


def digest(view: Digest) -> None:
    heading(f"Today, {when(view.today)}")
    if view.overdue:
        line("Get back in touch with (the closest and longest overdue first):")
        for person, d in view.overdue:
            last = f"last {when(d.last_contact)}" if d.last_contact else "never"
            if d.last_event:  # a list is not a talk: said, not passed off as contact
                last += f", both on the list of {d.last_event}"
            overdue = plural(d.overdue_days, "day overdue", "days overdue")
            line(f"  • {person.name} — {overdue} ({last}; every {plural(d.every_days, 'day')})")
        if view.more_overdue:
            line(f"  … and {view.more_overdue} more (kithkin followups)")
    else:
        line("Nobody to get back in touch with.")  # "Nobody is overdue." stood above the overdue follow-ups
    if view.late:
        line("Follow-ups overdue:")
        for item in view.late:
            line(_item_line(item) + f" — {plural(item.overdue_days, 'day overdue', 'days overdue')}")
    if view.upcoming:
        line("Coming up:")
        for item in view.upcoming:
            line(_item_line(item))
        if view.more_upcoming:
            line(f"  … and {view.more_upcoming} more (kithkin followups)")
    if view.birthdays:
        line("Birthdays:")
        for birthday in view.birthdays:
            line(f"  • {'today, ' if birthday.on == view.today else ''}{when(birthday.on)} {birthday.person.name}")
    if view.events:
        line("Events in the next fortnight (kithkin brief --event #ID: who you share what with):")
        for soon in view.events:
            day = soon.event.on.first_day if soon.event.on else None
            line(f"  • {'today, ' if day == view.today else ''}{when(day)} {soon.event.name} "
                 f"(#{soon.event.id}) — {guest_list(soon.others, soon.known, soon.you)}")  # fmt: skip
    if view.give:
        line(f"A give: {view.give}")


def introductions(view: Introductions) -> None:
    if not view.paths:
        line(f"No path of real ties from {view.source.name} to {view.target}.")
        if view.nearest:
            line("People you can reach who share the most with them:")
            for person, ground in view.nearest:
                line(f"  • {person_line(person)}: {ground.items[0].sentence}")
        return
    heading(f"Paths from {view.source.name} to {view.target}")
    for number, found in enumerate(view.paths, start=1):
        names = " → ".join(p.name for p in found.people)
        line(f"{number}. {names}  (strength {found.strength:.2f})")
        for hop in found.hops:
            evidence = [hop.tie.how] if hop.tie and hop.tie.how else []
            if hop.tie and hop.tie.since:
                evidence.append(f"since {hop.tie.since}")
            if hop.last_contact:
                evidence.append(f"last contact {when(hop.last_contact)}")
            detail = f" ({'; '.join(evidence)})" if evidence else ""
            line(f"     {hop.a.name} – {hop.b.name}: {hop.strength:.2f}{detail}")
    if len(view.paths[0].people) == 2:
        who = "You know" if view.source.is_me else f"{view.source.name} knows"
        line(f"\n{who} {view.paths[0].people[1].name} directly: no introduction needed — reach out yourself.")
        return
    line(f"\nBest introducer: {view.paths[0].people[1].name}")
    heading("Draft request (edit before sending)")
    for text in view.draft.splitlines():
        line("  " + text)
    if view.note:
        heading("Note to forward")
        for text in view.note.splitlines():
            line("  " + text)


def reasons_shown(s: Suggestion) -> list[str]:
    """The reasons a suggestion is listed with: the chain three steps away, or how many mutual contacts, and the
    first two things shared (the same in the table and in --json, whose reasons were the first three items of the
    common ground, mutual contacts by name, where the table said what is shared)."""
    reasons = [i.sentence for i in s.ground.items if i.kind is not None][:2]
    if s.via is not None:
        reasons.insert(0, f"through {s.via[0].name} and {s.via[1].name}")
    elif s.mutual:  # after the shared groups where the ranker weighed those more (their order in s.ground)
        groups_first = s.ground.items[0].kind is not None
        reasons.insert(len(reasons) if groups_first else 0, plural(s.mutual, "mutual contact"))
    return reasons


def suggestions(found: Sequence[Suggestion], *, say_whose: bool = True) -> None:
    if not found:
        line("no suggestions yet: add ties and affiliations")
        return
    rows = [
        (person_line(s.person) + (" (you)" if s.person.is_me else ""), f"{s.score:.2f}", "; ".join(reasons_shown(s)))
        for s in found
    ]
    # Whose list it is, when not the user's (before, `suggest 'Dana Reyes'` read as the user's own list).
    if say_whose and not found[0].ground.a.is_me:
        heading(f"Suggestions for {found[0].ground.a.name}")
    table(["who", "score", "why"], rows)


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar on stderr for long work, fed (item, done, total); total 0 means unknown.

    Shown on a terminal only, so piped and scripted runs stay clean.
    """
    if not err.is_terminal:
        yield lambda item, done, total: None
        return
    # Here, not at the top: rich.progress is ~0.03 s of start-up that only a long import on a terminal needs.
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(item: str, done: int, total: int) -> None:
            if item not in tasks:
                tasks[item] = bar.add_task(safe(f"{label} {item}".strip()), total=total or None)
            bar.update(tasks[item], completed=done)

        yield update


def import_reports(reports: Sequence[ImportReport]) -> None:
    for r in reports:
        verb = "would import" if r.dry_run else "imported"
        if r.failed:
            line(f"skipped {r.path}: {r.failed}")
            continue
        # one-way follows are said when there are some (saved on a second import, once "me" is known, unsaid)
        follows = r.fields.get("one-way follows", 0)
        done(
            f"{verb} {r.path} ({r.format}): {plural(r.records, 'record')} — {r.added:,} new, {r.merged:,} merged, "
            f"{r.updated:,} updated, {r.unchanged:,} unchanged; {plural(r.ties, 'tie')}, "
            + (f"{plural(follows, 'one-way follow')}, " if follows else "")
            + f"{plural(r.meetings, 'meeting')} logged, {plural(r.proposals, 'merge')} "
            + ("it would propose" if r.dry_run else "to review")
        )
        for merge in r.merges:
            line(f"  merged: {merge}")
        for resolved in r.groups_resolved:
            line(f"  group: {resolved}")
        if r.skipped:
            line(f"  {plural(r.skipped, 'part')} could not be read and {'was' if r.skipped == 1 else 'were'} skipped")
        for notice in r.notices[:20]:
            line(f"  note: {notice}")
        if len(r.notices) > 20:
            line(f"  … and {plural(len(r.notices) - 20, 'more note')}")
    dry = all(r.dry_run for r in reports)  # a dry run saved nothing: no proposal waits in `kithkin merges`
    if proposals := sum(r.proposals for r in reports):
        line(f"The import would propose {plural(proposals, 'merge')} for review (a dry run saves none)." if dry
             else "Review the proposed merges with `kithkin merges`.")  # fmt: skip
    if groups := sum(r.group_proposals for r in reports):
        review = "would be proposed" if dry else "review with `kithkin group merges`"
        line(f"{plural(groups, 'group name')} may name a group you have: {review}.")
    if any(len(r.notices) > 20 for r in reports):
        line("Every note is in the report: `kithkin import … --report FILE.json`.")


def proposals(views: Sequence[ProposalView], *, rejected: bool = False) -> None:
    if not views:
        line("No pairs kept apart." if rejected else "No merges to review.")
        return
    rows = [
        (f"#{v.proposal.id}", person_line(v.a), person_line(v.b), f"{v.proposal.score:.2f}", v.proposal.reason)
        for v in views
    ]
    if rejected:  # not "to review", and no "Accept with …" above pairs already kept apart
        table(("proposal", "person", "kept apart from", "score", "why"), rows, title="Pairs kept apart")
        return
    table(("proposal", "person", "may be", "score", "why"), rows, title="Merges to review")
    line("Accept with `kithkin merges accept ID`, reject with `kithkin merges reject ID`.")


def merges_done(made: Sequence[MergeDone]) -> None:
    if not made:
        line("No merges done.")
        return
    rows = [(person_line(m.person), m.reason, m.at[:10], m.undo) for m in made]
    table(("person", "why", "when", "undo"), rows, title="Merges done, newest first")


def gathering_plan(view: GatheringPlan) -> None:
    heading(f"{plural(len(view.guests), 'guest')} for {view.host.name} (from a pool of {view.pool:,})")
    table(["guest", "why"], [(g.person.name, g.reason) for g in view.guests])
    if view.introductions:
        heading("Introductions to make")
        for intro in view.introductions:
            where = f" ({intro.seating})" if intro.seating else ""
            line(f"  • {intro.a.name} ↔ {intro.b.name}: {intro.why}{where}")
            line(f"      {intro.opener_by + ' could open with' if intro.opener_by else 'opener'}: {intro.opener}")
    for number, seated in enumerate(view.tables, start=1):
        line(f"Table {number}: {', '.join(p.name for p in seated)}")
    have = "has" if view.new_pairs == 1 else "have"
    met = f"{plural(view.new_pairs, 'pair')} of guests {have} something in common and no recorded tie"
    best = ""
    if view.gap is not None and view.proved:
        short = f"; {view.gap:.1%} short of the best list possible"
        best = "; no other list does better" if view.gap < 0.0005 else short
    elif view.gap is not None:
        from kithkin.services.gatherings import EXACT_SECONDS  # the view's own module: loaded already

        best = (f"; the exact solver stopped at {EXACT_SECONDS:g} s without a proof: at most {view.gap:.1%} short"
                " of the best list possible")  # fmt: skip
    line(f"\n{met}{best}")


def match_view(view: MatchView) -> None:
    written = "dry run, nothing written" if view.round_id is None else f"round #{view.round_id} saved"
    heading(f"{view.community.name}, {when(view.on)}: {plural(len(view.pairs), 'pair')} ({written})")
    table(["pair", "value", "why"], [(f"{p.a.name} ↔ {p.b.name}", f"{p.value:.2f}", p.why) for p in view.pairs])
    if view.sat_out:
        line(f"Sitting out: {', '.join(p.name for p in view.sat_out)}")
    if view.opted_out:
        line(f"{plural(view.opted_out, 'member')} opted out")


def match_history(community: str, rounds: Sequence[PastRound]) -> None:
    if not rounds:
        line(f"no rounds yet in {community}")
        return
    for past in rounds:
        heading(f"{community}, {when(past.on)} (round #{past.id})")
        for a, b, value in past.pairs:
            line(f"  • {a.name} ↔ {b.name} ({value:.2f})" if b is not None else f"  • {a.name} sat out")


def tour(view: Tour) -> None:
    """The demo's tour of a store just built (:func:`kithkin.services.demo.tour`)."""
    heading("The network")
    summary(view.summary)
    heading("You")
    profile(view.me, max_ties=8, today=view.digest.today)
    heading("Someone you have been trying to reach")
    profile(view.target, max_ties=5, today=view.digest.today)
    heading("What you share with them")
    common_ground(view.common, limit=6)
    introductions(view.paths)
    digest(view.digest)
    if view.briefing is not None:
        heading(f"Your briefing for {view.gathering}")
        briefing(view.briefing)
    heading("Explore it yourself")
    for command in view.commands:
        line(f"  {command}")
