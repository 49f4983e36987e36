"""Use cases about groups — schools, employers, events, communities, places, interests — and who belongs to
them.

Every group name a user types goes through :func:`resolve_group` (issue 15): the name as typed or an alias,
then the same normal form (``norm_key`` in the store: 'Nestwise, Inc.' is 'Nestwise'), then the
:class:`~kithkin.resolution.Resolver` over the groups of that kind (acronyms, the bundled institutions, the
person's email domains). 'same' reuses the group; a close but uncertain match is a proposal, reviewed with
``kithkin group merges`` / ``group merge`` / ``group unmerge`` like person merges.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kithkin.dates import parse_fuzzy
from kithkin.errors import InputError, about
from kithkin.identity import name_key
from kithkin.model import Affiliation, FuzzyDate, Group, GroupKind
from kithkin.resolution import Entry, Resolution, Resolver
from kithkin.resolution.evidence import Member, Side, weigh
from kithkin.services.people import CLI_SOURCE, resolve_person
from kithkin.store import Store
from kithkin.store.groups import GroupMerge, GroupProposal
from kithkin.store.migrations import RESOLVED_KINDS
from kithkin.text import is_number

#: The kinds whose names are resolved; an event meets only by its name as typed (another year, another event).
RESOLVED = frozenset(GroupKind(k) for k in RESOLVED_KINDS)
_ID_REF = re.compile(r"^#(\d+)$")


@dataclass(frozen=True)
class Resolved:
    """What a typed group name resolved to: the group (None when new) and the resolver's answer."""

    group: Group | None
    resolution: Resolution
    exact: bool = False
    """The name as typed (or an alias) already named the group: nothing was resolved."""

    @property
    def same(self) -> bool:
        return self.group is not None and self.resolution.verdict == "same"


_RESOLVERS: dict[tuple[str, str], Resolver] = {}


def _resolver(store: Store, kind: GroupKind) -> Resolver:
    """A resolver over the store's groups of ``kind``, kept while the store is unchanged."""
    key = (store.identity, kind.value)
    if key not in _RESOLVERS:
        for stale in [k for k in _RESOLVERS if k[0] != store.identity]:
            del _RESOLVERS[stale]
        names: dict[int, tuple[str, list[str]]] = {}
        for gid, _, name, alias in store.group_names([kind.value]):
            names.setdefault(gid, (name, []))[1].append(alias)
        _RESOLVERS[key] = Resolver(
            Entry(gid, kind.value, name, tuple(a for a in aliases if a != name))
            for gid, (name, aliases) in names.items()
        )
    return _RESOLVERS[key]


def resolve_group(store: Store, kind: GroupKind, name: str, *, emails: Sequence[str] = ()) -> Resolved:
    """The existing group ``name`` means, if any: same name or alias, same normal form, then the resolver.

    ``emails`` are the addresses of the person the name is about (an address at sdsu.edu makes a close name
    San Diego State University).
    """
    exact = store.find_group(kind, name)
    if exact is not None:
        return Resolved(exact, Resolution(exact.id, "same", f"'{name}' is already a group", 100.0), exact=True)
    if kind not in RESOLVED:
        return Resolved(None, Resolution(None, "new", f"no {kind.value} called '{name}'"))
    ids = store.groups_by_norm(kind, name)
    if ids:
        group = store.get_group(ids[0])
        assert group.id is not None
        one = Resolver([Entry(group.id, kind.value, group.name, group.aliases)], bundled_aliases=False)
        return Resolved(group, one.resolve(kind.value, name))
    found = _resolver(store, kind).resolve(kind.value, name, emails=emails)
    if kind is GroupKind.EMPLOYER and found.verdict != "same":
        institution = _resolver(store, GroupKind.SCHOOL).institution(name)
        if institution is not None:
            return _employer_institution(store, institution)
    return Resolved(None if found.group_id is None else store.get_group(found.group_id), found)


def _employer_institution(store: Store, institution: Resolution) -> Resolved:
    """An employer named by an institution's acronym ('SDSU'): the employer of the institution's full name,
    found or to be made under that name (the name as typed kept as its alias)."""
    ids = store.groups_by_norm(GroupKind.EMPLOYER, institution.named)
    if not ids:
        return Resolved(None, institution)
    group = store.get_group(ids[0])
    return Resolved(group, Resolution(group.id, "same", institution.reason, institution.score))


def lookup_group(store: Store, kind: GroupKind, name: str) -> Group | None:
    """The group a typed name surely means (find, common, gatherings), or None."""
    found = resolve_group(store, kind, name)
    return found.group if found.same else None


def no_such_group(store: Store, kind: GroupKind, name: str) -> InputError:
    """The error for a group name that resolves to nothing, naming a close one when there is one."""
    found = resolve_group(store, kind, name)
    if found.group is not None and found.resolution.verdict == "proposal":
        return InputError(f"no {kind.value} called {name!r} in your network; did you mean {found.group.name!r}?")
    return InputError(f"no {kind.value} called {name!r} in your network")


def parse_kind(text: str) -> GroupKind:
    """The group kind named by ``text`` (school, employer, event, community, place, interest)."""
    try:
        return GroupKind(text.strip().lower())
    except ValueError:
        options = ", ".join(k.value for k in GroupKind)
        raise InputError(f"{text!r} is not a kind of group: use one of {options}") from None


def optional_date(text: str | None) -> FuzzyDate | None:
    return None if text is None or not text.strip() else parse_fuzzy(text)


def affiliate(
    store: Store,
    ref: str,
    kind: str,
    name: str,
    *,
    role: str = "",
    start: str | None = None,
    end: str | None = None,
    aliases: Sequence[str] = (),
    today: dt.date | None = None,
) -> Affiliation:
    """Record that a person belongs to a school, employer, event, community, place or interest."""
    return affiliate_resolved(store, ref, kind, name, role=role, start=start, end=end, aliases=aliases, today=today)[0]


def affiliate_resolved(
    store: Store,
    ref: str,
    kind: str,
    name: str,
    *,
    role: str = "",
    start: str | None = None,
    end: str | None = None,
    aliases: Sequence[str] = (),
    today: dt.date | None = None,
) -> tuple[Affiliation, Resolved]:
    """:func:`affiliate`, with what the group name resolved to ('SDSU' → San Diego State University).

    Same: the existing group, the name as typed kept as its alias; a proposal: a new group, and a group
    merge proposed (``kithkin group merges``); new: a new group.
    """
    person = resolve_person(store, ref)
    with about("kind"):
        group_kind = parse_kind(kind)
    with about("start"):
        start_date = optional_date(start)
    with about("end"):
        end_date = optional_date(end)
        if start_date is not None and end_date is not None and end_date < start_date:
            raise InputError(f"the end ({end_date}) comes before the start ({start_date})")
    day = today or dt.date.today()
    if group_kind is not GroupKind.EVENT and start_date is not None and start_date.first_day > day:
        # A job starting in March read "Both have worked at Qualcomm … (Mar 2027–now)"; an event is dated ahead.
        raise InputError(f"{start_date} is after today ({day.isoformat()}): record it once it has begun", field="start")
    assert person.id is not None
    if not name.strip():
        raise InputError(f"a {group_kind.value} needs a name", field="name")
    with about("name"):
        found = resolve_group(store, group_kind, name, emails=person.emails)
    known = found.group if found.same else None
    if group_kind is GroupKind.EVENT and known is not None and known.on is not None and start_date is not None:
        apart = abs((start_date.first_day - known.on.first_day).days)
        if apart > 7:  # "attended on 2023-05-01" was taken for PyCon US 2024, held on 17 May 2024
            raise InputError(f"{known.name} was on {known.on}, not {start_date}", field="start")
    with store.transaction():
        resolved = found.same and not found.exact
        if found.same and found.group is not None:
            group = store.add_group_alias(found.group, name, CLI_SOURCE)
        else:
            # An event's --from is its day: the day that tells an event you went to from one you are going to.
            on = start_date if group_kind is GroupKind.EVENT else None
            named = found.resolution.named
            group = store.ensure_group(group_kind, named or name, CLI_SOURCE, on=on)
            if named:
                group = store.add_group_alias(group, name, CLI_SOURCE)
            if found.group is not None and found.group.id is not None and group.id is not None:
                store.propose_group_merge(found.group.id, group.id, found.resolution.score, found.resolution.reason)
        for alias in aliases:
            group = store.add_group_alias(group, alias, CLI_SOURCE)
        aff = store.affiliate(person.id, group, CLI_SOURCE, role=role.strip(), start=start_date, end=end_date)
        if resolved and group.id is not None and aff.id is not None:
            # Undoable like a merge: `kithkin group unmerge NAME` makes it a group of its own again.
            store.log_group_resolution(group.id, name, [aff.id], found.resolution.reason, CLI_SOURCE)
    proposed = found.resolution.verdict == "proposal" and found.group is not None and found.group.id != group.id
    if proposed and found.group is not None:
        views = [v for v in group_proposals(store) if {v.keep.id, v.other.id} == {found.group.id, group.id}]
        merged = _settle(store, views[0]) if views else None
        if merged is not None:  # the members prove what the name only suggested
            kept = store.get_group(merged.keep)
            proof = Resolution(kept.id, "same", merged.reason.removeprefix("proved: "), 99.0)
            return replace(aff, group=kept), Resolved(kept, proof)
    return aff, found


def remove_affiliation(store: Store, ref: str, affiliation_id: int) -> Affiliation:
    """Forget that a person belongs to a group (one affiliation, by its id); the group itself stays."""
    person = resolve_person(store, ref)
    assert person.id is not None
    return store.remove_affiliation(person.id, affiliation_id)


def change_affiliation(
    store: Store, ref: str, affiliation_id: int, *, role: str, start: str | None, end: str | None,
    today: dt.date | None = None,
) -> Affiliation:  # fmt: skip
    """Change the role and years of one affiliation (by id), at the same group: a typo in a year had to be removed
    and added again. Checked as a new one is (:func:`affiliate_resolved`); the fact is the user's from then on."""
    person = resolve_person(store, ref)
    assert person.id is not None
    old = next((a for a in store.affiliations_of(person.id) if a.id == affiliation_id), None)
    if old is None:
        raise InputError(f"{person.name} has no affiliation #{affiliation_id}")
    with store.transaction():  # all or nothing: a refused date puts the old one back
        store.remove_affiliation(person.id, affiliation_id)
        aff, _ = affiliate_resolved(
            store, f"#{person.id}", old.group.kind.value, old.group.name, role=role, start=start or None,
            end=end or None, today=today,
        )  # fmt: skip
    return aff


def unaffiliate(store: Store, ref: str, kind: str, name: str) -> list[Affiliation]:
    """Forget every affiliation of a person with one group, named by kind and any of its names (the CLI had no way
    to take one back); the group itself stays."""
    person = resolve_person(store, ref)
    assert person.id is not None
    group_kind = parse_kind(kind)
    group = lookup_group(store, group_kind, name)
    facts = {(a.role, a.start, a.end): a for a in store.affiliations_of(person.id)
             if group is not None and a.group.id == group.id}  # fmt: skip
    if not facts:
        raise InputError(f"{person.name} has no {group_kind.value} called {name!r}", field="name")
    with store.transaction():  # one call a fact: it takes the same fact's copies from other sources with it
        return [store.remove_affiliation(person.id, a.id or 0) for a in facts.values()]


def add_group_alias(store: Store, kind: str, name: str, aliases: Sequence[str]) -> Group:
    """Let other names stand for a known group ("SDSU" for "San Diego State University")."""
    group_kind = parse_kind(kind)
    group = lookup_group(store, group_kind, name)
    if group is None:
        raise InputError(f"no {group_kind.value} called {name!r}; see `kithkin group list --kind {group_kind.value}`")
    with store.transaction():
        for alias in aliases:
            group = store.add_group_alias(group, alias, CLI_SOURCE)
    return group


def list_groups(store: Store, kind: str | None = None, limit: int | None = None) -> list[tuple[Group, int]]:
    return store.list_groups(parse_kind(kind) if kind else None, limit)


def find_group(store: Store, name: str, kind: str | None = None) -> Group:
    """The group called ``name`` (or an alias) of ``kind``; without a kind, an employer, school or community."""
    kinds = [parse_kind(kind)] if kind else [GroupKind.EMPLOYER, GroupKind.SCHOOL, GroupKind.COMMUNITY]
    for candidate in kinds:
        group = lookup_group(store, candidate, name)
        if group is not None:
            return group
    kinds_said = ", ".join(k.value for k in kinds[:-1]) + (" or " if len(kinds) > 1 else "") + kinds[-1].value
    raise InputError(f"no {kinds_said} called {name!r} in your network")


# --- reviewing group merges -------------------------------------------------------------------


@dataclass(frozen=True)
class GroupProposalView:
    """A proposed group merge with both groups."""

    proposal: GroupProposal
    keep: Group
    other: Group


def group_proposals(store: Store) -> list[GroupProposalView]:
    """Open proposals to merge two groups, best first (``kithkin group merges``)."""
    found = store.group_proposals()
    groups = store.get_groups([g for p in found for g in (p.keep, p.other)])
    return [GroupProposalView(p, groups[p.keep], groups[p.other]) for p in found]


@dataclass(frozen=True)
class Scan:
    """What ``kithkin group merges --scan`` did: new proposals, and the merges the members proved."""

    proposed: int
    merged: list[GroupMerge]


def scan_groups(store: Store) -> Scan:
    """Run the resolver over every stored group and propose what looks like one group, then merge the
    proposals whose members prove them (:func:`merge_by_evidence`)."""
    with store.transaction():
        proposed = store.scan_group_proposals()
    return Scan(proposed, merge_by_evidence(store))


def merge_by_evidence(store: Store) -> list[GroupMerge]:
    """Merge each open proposal that its members prove one group (someone in both over the same years; the
    members' addresses at the institution the other names); note a shared city on the others. Each merge is
    logged with its proof and undone by ``kithkin group unmerge``."""
    done: list[GroupMerge] = []
    for view in group_proposals(store):
        if {view.proposal.keep, view.proposal.other} & {m.gone for m in done}:
            continue  # a group merged away a moment ago: its proposals went with it
        merged = _settle(store, view)
        if merged is not None:
            done.append(merged)
    return done


def _settle(store: Store, view: GroupProposalView) -> GroupMerge | None:
    """Merge one proposal if its members prove it; a shared city goes into its reason."""
    weight = weigh(_side(store, view.keep), _side(store, view.other), lambda pid: store.get_person(pid).name)
    if weight is None:
        return None
    if not weight.proof:
        if weight.reason not in view.proposal.reason:
            store.note_group_proposal(view.proposal.id, f"{view.proposal.reason}; {weight.reason}")
        return None
    assert view.keep.id is not None
    assert view.other.id is not None
    return store.merge_groups(view.keep.id, view.other.id, f"proved: {weight.reason}")


def _side(store: Store, group: Group) -> Side:
    assert group.id is not None
    members = tuple(
        Member(pid, _year(start), _year(end), emails) for pid, start, end, emails in store.member_facts(group.id)
    )
    return Side(group.id, group.kind.value, group.name, members, store.place_of(group.id))


def _year(text: str | None) -> int | None:
    return int(text[:4]) if text and is_number(text[:4]) else None


def reject_group_proposal(store: Store, ref: str) -> GroupProposalView:
    """Keep two proposed groups apart (proposal ``#id`` as `group merges` shows it): never proposed again."""
    wanted = ref.strip().lstrip("#")
    found = [v for v in group_proposals(store) if str(v.proposal.id) == wanted]
    if not found:
        raise InputError(f"no open group merge proposal {ref!r}; see `kithkin group merges`")
    store.set_group_proposal(found[0].proposal.keep, found[0].proposal.other, "rejected")
    return found[0]


def _group_ref(store: Store, ref: str, kind: str | None) -> Group:
    """A group as the user names it: ``#id``, or its name or an alias (of ``kind`` when given)."""
    match = _ID_REF.match(ref.strip())
    if match:
        return store.get_group(int(match.group(1)))
    kinds = [parse_kind(kind)] if kind else list(GroupKind)
    hits = [g for k in kinds if (g := store.find_group(k, ref)) is not None]
    if not hits:
        raise InputError(f"no group called {ref!r}; see `kithkin group list`")
    if len(hits) > 1:
        which = ", ".join(f"{g.kind.value} #{g.id}" for g in hits)
        raise InputError(f"{ref!r} names several groups ({which}): add --kind or use #id")
    return hits[0]


def merge_groups(store: Store, keep: str, other: str, *, kind: str | None = None) -> GroupMerge:
    """Merge group ``other`` into ``keep``: its members and names move; logged, undone by :func:`unmerge_group`."""
    a, b = _group_ref(store, keep, kind), _group_ref(store, other, kind or None)
    assert a.id is not None
    assert b.id is not None
    reasons = {(p.keep, p.other): p.reason for p in store.group_proposals()}
    reason = reasons.get((min(a.id, b.id), max(a.id, b.id)))
    return store.merge_groups(a.id, b.id, f"accepted: {reason}" if reason else "merged by hand")


def unmerge_group(store: Store, ref: str) -> Group:
    """Undo the latest merge that absorbed the group called ``ref`` (or merge ``#id``); returns it back."""
    match = _ID_REF.match(ref.strip())
    merges = store.group_merges()
    if match:
        chosen = [m for m in merges if m.id == int(match.group(1))]
    else:
        chosen = [m for m in merges if name_key(m.gone_name) == name_key(ref)]
    if not chosen:
        raise InputError(f"no merge of a group called {ref!r} to undo; see `kithkin group merges --log`")
    return store.unmerge_groups(chosen[0].id)


def group_merge_log(store: Store) -> list[GroupMerge]:
    """Group merges not undone, newest first."""
    return store.group_merges()
