"""Resolving who is who in parsed records, and writing them — inside the caller's one transaction.

Identity rules (the issue's, and what a careful user would do by hand):

* a record seen before (same source file name and format, same record key)
  updates what it brought last time — re-importing a file is idempotent, and
  a newer export changes only what changed;
* a new record that shares a strong key with someone — a normalised email, an
  E.164 phone, a profile URL, a handle — *is* that person: it is merged, and
  the merge is logged with its reason so ``kithkin unmerge`` can undo it;
* weaker evidence — a similar name together with a shared employer, school or
  place, or an identical, unusual name — only *proposes* a merge for review
  (``kithkin merges``); a name alone never merges anyone (the rules and
  scores are pure, in :mod:`kithkin.identity`; here they meet the store);
* every fact keeps the record it came from, so values from several sources
  live side by side with their provenance.

Writes are batched (thousands of typed rows per statement,
:class:`~kithkin.store.rows.ImportBatch`) because a member directory may have
a million rows; keys added during the import are tracked
in memory so later records in the same import still find them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from kithkin.errors import SAY_WHO_YOU_ARE, SourceError
from kithkin.identity import (
    MAX_NAME_CANDIDATES,
    SIMILAR_NAME,
    contact_key,
    is_identifying_phone,
    is_role_address,
    is_specific_group,
    name_blocks,
    name_key,
    name_similarity,
    proposal_score,
    same_person_by,
)
from kithkin.model import ContactKind, FuzzyDate, GroupKind
from kithkin.resolution import Entry, Resolver
from kithkin.sources.records import ME, Follow, Item, Link, Meeting, Membership, Notice, Record, record_to_json
from kithkin.store import Store
from kithkin.store.base import fuzzy_to_text
from kithkin.store.migrations import RESOLVED_KINDS
from kithkin.store.rows import (
    AffiliationRow,
    AliasRow,
    ContactRow,
    ImportBatch,
    MergeRow,
    NewRecordRow,
    PersonRow,
    ProposalRow,
    RecordAddressRow,
    RecordFollowRow,
    TagRow,
    TieRow,
)
from kithkin.text import plural

FLUSH_EVERY = 5000
#: How a tie from a vCard RELATED reads.
RELATED = "related in the contacts file"
SHOWN_MERGES = 20
#: At most this many people holding one key are looked at: a key many hold is no identity (and looking at
#: them all made an import quadratic).
MAX_KEY_HOLDERS = 5

Progress = Callable[[int], None]

# Plain strings for the enums, looked up once: an enum's .value costs a descriptor call per row.
_KIND: dict[ContactKind | GroupKind, str] = {k: str(k.value) for k in (*ContactKind, *GroupKind)}


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do) with one file."""

    path: str
    format: str
    source: str
    records: int = 0
    added: int = 0
    merged: int = 0
    updated: int = 0
    unchanged: int = 0
    ties: int = 0
    meetings: int = 0
    proposals: int = 0
    group_proposals: int = 0
    """Group names that may name a group already known (``kithkin group merges`` to review)."""
    merges: list[str] = field(default_factory=list)
    groups_resolved: list[str] = field(default_factory=list)
    """Group names read as a group already known ('SDSU → San Diego State University: …'), the first few."""
    notices: list[str] = field(default_factory=list)
    dry_run: bool = False
    skipped: int = 0
    """Properties, cells, records or files that could not be read and were left out (each in ``notices``)."""
    fields: dict[str, int] = field(default_factory=dict)
    """What the records kept: names, emails, phones, handles, urls, memberships by kind, birthdays, notes…"""
    failed: str = ""
    """Why the whole file was skipped ("" when it was read)."""


def _digest(payload: str) -> bytes:
    return hashlib.blake2b(payload.encode(), digest_size=16).digest()


@dataclass
class Memory:
    """What an import has learned so far, shared by the files of one ``kithkin import``.

    Rows are written in batches, so keys added by earlier records (possibly of
    an earlier file) are found here rather than in the store. When the store
    was empty at the start (``fresh``), everything is here and the store's
    indexes can be built once at the end instead of row by row.
    """

    fresh: bool = False
    contacts: dict[tuple[str, str], int] = field(default_factory=dict)
    groups: dict[tuple[str, str], int] = field(default_factory=dict)
    group_by_text: dict[tuple[str, str], int] = field(default_factory=dict)
    group_name: dict[int, str] = field(default_factory=dict)
    groups_of: dict[int, set[int]] = field(default_factory=dict)
    person_name: dict[int, str] = field(default_factory=dict)
    names: dict[str, list[int]] | None = None
    group_size: Counter[int] = field(default_factory=Counter)
    """Members each group gained in this import (plus, once looked up, those it had before)."""
    sized: set[int] = field(default_factory=set)
    resolver: Resolver | None = None
    """Every group of a resolved kind (schema step 9) by its names, built at the first name not found as typed."""
    resolved: dict[tuple[str, str], tuple[int, str, str]] = field(default_factory=dict)
    """(kind, name key) of a name read as a known group -> (that group, the name, why)."""
    resolved_text: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    resolved_rids: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    """Records whose affiliations used a resolved name, not yet logged (``kithkin group unmerge`` undoes)."""


class Importer:
    """Saves one file's items into the store inside the caller's transaction."""

    def __init__(
        self,
        store: Store,
        report: ImportReport,
        today: dt.date,
        progress: Progress | None = None,
        memory: Memory | None = None,
        *,
        strict: bool = False,
    ) -> None:
        self.store = store
        self.strict = strict
        self.report = report
        self.today = today
        self.progress = progress
        self.memory = memory or Memory()
        self.sid = store.source_id(report.source)
        self.now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.existing = {k: (rid, pid, _digest(payload)) for k, rid, pid, payload in store.source_records(self.sid)}
        self.pid_by_key: dict[str, int] = {}
        self.rid_by_key = {k: rid for k, (rid, _, _) in self.existing.items()}
        me = store.me()
        self.me_id = me.id if me else None
        if not self.memory.groups:
            self.memory.groups.update({(k, key): gid for k, key, gid in store.group_index()})
        self.batch = ImportBatch()
        self.next_pid = store.next_ids("people")
        self.next_rid = store.next_ids("records")
        self.links: list[Link] = []
        #: People the record being resolved shares a key with, but may not be (proposals once it is saved).
        self.doubts: list[tuple[int, str]] = []
        self.proposed: set[tuple[int, int]] = set()
        self.meetings: list[Meeting] = []
        self.follows: list[Follow] = []
        #: Event groups whose place and description were already written in this import.
        self.detailed: set[int] = set()

    # -- driving ---------------------------------------------------------------------------

    def run(self, items: Iterable[Item]) -> ImportReport:
        for item in items:
            if isinstance(item, Record):
                self._record(item)
                if self.progress and self.report.records % 1000 == 0:
                    self.progress(item.line)
            elif isinstance(item, Link):
                self.links.append(item)
            elif isinstance(item, Meeting):
                self.meetings.append(item)
            elif isinstance(item, Follow):
                self.follows.append(item)
            elif isinstance(item, Notice):
                self._notice(item)
        self.flush()
        self._log_resolutions()
        self._save_links()
        self._save_follows()
        self._save_meetings()
        return self.report

    def flush(self) -> None:
        self.store.write_batch(self.batch)

    def _notice(self, notice: Notice) -> None:
        """Report a notice; one that says something could not be read fails a ``strict`` import."""
        if notice.unreadable:
            if self.strict:
                raise SourceError(self.report.path, f"{notice.message} (--strict: nothing imported)", notice.line)
            self.report.skipped += 1
        where = f"line {notice.line}: " if notice.line else ""
        self.report.notices.append(where + notice.said)

    def _count_fields(self, record: Record) -> None:
        fields = self.report.fields
        fields["names"] = fields.get("names", 0) + 1 + len(record.aliases)
        for contact in record.contacts:
            kind = _KIND[contact.kind] + "s"
            fields[kind] = fields.get(kind, 0) + 1
        for membership in record.memberships:
            kind = _KIND[membership.kind] + "s"
            fields[kind] = fields.get(kind, 0) + 1
        more = (("birthdays", record.birthday), ("notes", record.notes), ("tags", record.tags),
                ("addresses", record.addresses))  # fmt: skip
        for name, value in more:
            if value:
                fields[name] = fields.get(name, 0) + (len(value) if isinstance(value, tuple) else 1)

    # -- records ---------------------------------------------------------------------------

    def _record(self, record: Record) -> None:
        self.report.records += 1
        key = name_key(record.name)
        if not key and record.is_me:
            if self.me_id is None:
                raise SourceError(
                    self.report.path,
                    f"your own records have no name here: say who you are first ({SAY_WHO_YOU_ARE}) "
                    "or import Profile.csv with them",
                    record.line,
                    "name",
                )
            record = replace(record, name=self._name_of(self.me_id))
            key = name_key(record.name)
        if not key:
            self.report.records -= 1
            self._notice(Notice("name: a person without a name; record skipped", record.line or None, True))
            return
        self._count_fields(record)
        if record.key in self.pid_by_key:
            self.report.notices.append(f"line {record.line}: a second record with key {record.key!r} was skipped")
            return
        payload = record_to_json(record)
        known = self.existing.get(record.key)
        if known is not None:
            self._known(record, payload, *known)
        else:
            self._new(record, key, payload)
        if self.batch.facts() > FLUSH_EVERY:
            self.flush()

    def _known(self, record: Record, payload: str, rid: int, pid: int, digest: bytes) -> None:
        self.pid_by_key[record.key] = pid
        if digest == _digest(payload):
            self.report.unchanged += 1
            return
        self.flush()
        self.store.replace_record(rid, pid, payload)
        self._facts(pid, rid, record, merged=True)
        self.report.updated += 1

    def _new(self, record: Record, key: str, payload: str) -> None:
        pid, reason = self._resolve(record)
        created = pid is None
        if pid is None:
            pid = self._create(record, key)
        rid = self.next_rid
        self.next_rid += 1
        self.batch.records.append(NewRecordRow(rid, self.sid, record.key, pid, payload))
        self.pid_by_key[record.key] = pid
        self.rid_by_key[record.key] = rid
        self._facts(pid, rid, record, merged=not created)
        if created:
            self.report.added += 1
            for other, why in self.doubts:
                self._proposal(other, pid, 0.9, f"{why} (line {record.line})")
            self._propose(pid, record, key)
        else:
            self.report.merged += 1
            self.batch.merges.append(MergeRow(pid, rid, reason, self.now))
            self.flush()
            self.store.fill_blanks(pid, record.notes, record.birthday)
            if len(self.report.merges) < SHOWN_MERGES:
                # Whom it joined by name: an id alone means nothing to a reader (it may be new in this import).
                into = f"{self._name_of(pid)} (#{pid})"
                self.report.merges.append(f"{record.name} (line {record.line}) → {into}: {reason}")

    def _create(self, record: Record, key: str) -> int:
        pid = self.next_pid
        self.next_pid += 1
        self.batch.people.append(
            PersonRow(pid, " ".join(record.name.split()), key, record.notes, self.sid, birthday=record.birthday)
        )
        self.memory.person_name[pid] = record.name
        if self.memory.names is not None:
            self._index_name(pid, key)
        if record.is_me:
            self.flush()
            self.store.set_me(pid)
            self.me_id = pid
        return pid

    def _resolve(self, record: Record) -> tuple[int | None, str]:
        """The person a new record is, by strong keys only; (None, "") when nobody. A key that cannot tell
        people apart (a role address, a short or placeholder number) is no evidence at all; a shared key
        between names that disagree, or a shared phone between people whose emails differ, only proposes
        (:func:`~kithkin.identity.same_person_by`)."""
        if record.is_me and self.me_id is not None:
            return self.me_id, "this is you"
        hits: list[tuple[int, str]] = []
        doubts: list[tuple[int, str]] = []
        for contact in record.contacts:
            kind = _KIND[contact.kind]
            key = contact_key(kind, contact.value)
            if (
                not key
                or (kind == "email" and is_role_address(key))
                or (kind == "phone" and not is_identifying_phone(key))
            ):
                continue
            found = [] if self.memory.fresh else self.store.people_by_contact(kind, key, limit=MAX_KEY_HOLDERS)
            added = self.memory.contacts.get((kind, key))
            for pid in [*found, *([added] if added is not None else [])]:
                if any(pid == p for p, _ in (*hits, *doubts)):
                    continue
                reason = f"same {kind} {contact.value}"
                if same_person_by(
                    kind, record.name, self._name_of(pid), other_emails_differ=self._emails_differ(record, pid, kind)
                ):
                    hits.append((pid, reason))
                else:
                    doubts.append((pid, f"{reason}, but {record.name} and {self._name_of(pid)} may be two people"))
        for other, _ in hits[1:]:
            self._proposal(hits[0][0], other, 1.0, f"{record.name} (line {record.line}) has contacts of both")
        self.doubts = doubts
        return hits[0] if hits else (None, "")

    def _emails_differ(self, record: Record, pid: int, kind: str) -> bool:
        """For a shared phone: whether the record and the person each have emails and share none."""
        if kind != "phone":
            return False
        mine = {contact_key("email", c.value) for c in record.contacts if c.kind is ContactKind.EMAIL}
        if not mine:
            return False
        self.flush()  # the person may have been added earlier in this import
        theirs = {contact_key("email", e) for e in self.store.get_person(pid).emails}
        return bool(theirs) and not (mine & theirs)

    def _facts(self, pid: int, rid: int, record: Record, *, merged: bool) -> None:
        sid = self.sid
        aliases = list(record.aliases)
        if merged and name_key(record.name) != name_key(self._name_of(pid)):
            aliases.append(record.name)
        self.batch.aliases.extend(AliasRow(pid, a, name_key(a), sid, rid) for a in aliases if name_key(a))
        for c in record.contacts:
            kind = _KIND[c.kind]
            key = contact_key(kind, c.value)
            if key:
                self.batch.contacts.append(ContactRow(pid, kind, c.value, key, c.label, sid, rid))
                self.memory.contacts[(kind, key)] = pid
        self.batch.tags.extend(TagRow(pid, t, sid, rid) for t in record.tags)
        self.batch.addresses.extend(
            RecordAddressRow(
                pid, a.pobox, a.extended, a.street, a.locality, a.region, a.postcode, a.country, a.label, sid, rid
            )
            for a in record.addresses
        )
        self.links.extend(Link(record.key, key, how=RELATED) for key in record.related)
        gids = self.memory.groups_of.setdefault(pid, set())
        for m in record.memberships:
            gid = self._group(_KIND[m.kind], m.name, m.on, record)
            if self.memory.resolved_text and (hit := self.memory.resolved_text.get((_KIND[m.kind], m.name))):
                self.memory.resolved_rids.setdefault(hit, []).append(rid)
            if gid is not None and (m.place or m.about) and gid not in self.detailed:
                self._event_details(gid, m, record)
            if gid is not None:
                row = AffiliationRow(pid, gid, m.role, fuzzy_to_text(m.start), fuzzy_to_text(m.end), sid, rid)
                self.batch.affiliations.append(row)
                if gid not in gids:
                    gids.add(gid)
                    self.memory.group_size[gid] += 1

    def _event_details(self, gid: int, m: Membership, record: Record) -> None:
        """Where an event took place (its LOCATION, resolved like any place name) and what it was about."""
        self.detailed.add(gid)
        place = self._group("place", m.place, None, record) if m.place else None
        self.flush()
        self.store.set_event_details(gid, place, m.about)

    def _name_of(self, pid: int) -> str:
        if pid not in self.memory.person_name:
            self.memory.person_name[pid] = self.store.get_person(pid).name
        return self.memory.person_name[pid]

    def _group(self, kind: str, name: str, on: FuzzyDate | None, record: Record) -> int | None:
        known = self.memory.group_by_text.get((kind, name))
        if known is not None:
            return known
        key = name_key(name)
        if not key:
            return None
        gid = self.memory.groups.get((kind, key))
        if gid is None:
            gid = self._new_group_name(kind, " ".join(name.split()), key, on, record)
            self.memory.groups[(kind, key)] = gid
        self.memory.group_by_text[(kind, name)] = gid
        self.memory.group_name.setdefault(gid, name)
        if (kind, key) in self.memory.resolved:
            self.memory.resolved_text[(kind, name)] = (kind, key)
        return gid

    def _new_group_name(self, kind: str, name: str, key: str, on: FuzzyDate | None, record: Record) -> int:
        """A group name not seen as typed: resolved against every known group (issue 15) — the same group
        (its name kept as an alias), or a new group, proposed for a merge when close to a known one."""
        if kind not in RESOLVED_KINDS:
            return self.store.add_group_row(kind, name, key, fuzzy_to_text(on), self.sid)
        resolver = self._resolver()
        emails = [c.value for c in record.contacts if c.kind is ContactKind.EMAIL]
        found = resolver.resolve(kind, name, emails=emails)
        institution = resolver.institution(name) if kind == "employer" and found.verdict != "same" else None
        if institution is not None:  # 'SDSU' on a card's ORG: the employer takes the institution's name
            known = resolver.resolve(kind, institution.named)
            found = replace(institution, group_id=known.group_id) if known.verdict == "same" else institution
            found = replace(found, verdict="same") if known.verdict == "same" else found
        if found.verdict == "same" and found.group_id is not None:
            gid = found.group_id
            self.store.add_group_alias_row(kind, key, name, gid, self.sid)
            resolver.add(Entry(gid, kind, self._group_names_of(gid), (name,)))
            self.memory.resolved[(kind, key)] = (gid, name, found.reason)
            if len(self.report.groups_resolved) < SHOWN_MERGES:
                self.report.groups_resolved.append(f"{name} → {self._group_names_of(gid)}: {found.reason}")
            return gid
        if found.named:
            gid = self._named_group(kind, name, key, found.named, on)
        else:
            gid = self.store.add_group_row(kind, name, key, fuzzy_to_text(on), self.sid)
            self.memory.group_name[gid] = name
            resolver.add(Entry(gid, kind, name))
        if found.group_id is not None and self.store.propose_group_merge(
            found.group_id, gid, found.score, found.reason
        ):
            self.report.group_proposals += 1
        return gid

    def _named_group(self, kind: str, name: str, key: str, named: str, on: FuzzyDate | None) -> int:
        """A new group called ``named`` (the institution), with ``name`` as typed as its alias."""
        gid = self.store.add_group_row(kind, named, name_key(named), fuzzy_to_text(on), self.sid)
        if name_key(named) != key:
            self.store.add_group_alias_row(kind, key, name, gid, self.sid)
        self.memory.group_name[gid] = named
        self.memory.groups[(kind, name_key(named))] = gid
        self._resolver().add(Entry(gid, kind, named, (name,)))
        if len(self.report.groups_resolved) < SHOWN_MERGES and name_key(named) != key:
            self.report.groups_resolved.append(f"{name} → {named}")
        return gid

    def _log_resolutions(self) -> None:
        """Log each name read as a known group with the affiliations it brought, so it can be undone."""
        for (kind, key), rids in self.memory.resolved_rids.items():
            gid, name, reason = self.memory.resolved[(kind, key)]
            ids = self.store.affiliation_ids(gid, rids)
            if ids:
                self.store.log_group_resolution(gid, name, ids, reason, self.report.source)
        self.memory.resolved_rids.clear()

    def _resolver(self) -> Resolver:
        if self.memory.resolver is None:
            names: dict[int, tuple[str, str, list[str]]] = {}
            for gid, kind, name, alias in self.store.group_names(RESOLVED_KINDS):
                names.setdefault(gid, (kind, name, []))[2].append(alias)
                self.memory.group_name.setdefault(gid, name)
            self.memory.resolver = Resolver(
                Entry(g, kind, name, tuple(a for a in more if a != name)) for g, (kind, name, more) in names.items()
            )
        return self.memory.resolver

    def _group_names_of(self, gid: int) -> str:
        if gid not in self.memory.group_name:
            self.memory.group_name[gid] = self.store.get_group(gid).name
        return self.memory.group_name[gid]

    def _groups_of(self, pid: int) -> set[int]:
        if pid not in self.memory.groups_of:
            self.memory.groups_of[pid] = self.store.group_keys_of(pid)
        return self.memory.groups_of[pid]

    # -- proposals -------------------------------------------------------------------------

    def _index_name(self, pid: int, key: str) -> None:
        assert self.memory.names is not None
        if key:
            for block in name_blocks(key):
                self.memory.names.setdefault(block, []).append(pid)

    def _propose(self, pid: int, record: Record, key: str) -> None:
        """Propose merging a new person with similar-named people who share a group with them."""
        if self.memory.names is None:
            self.memory.names = {}
            self.flush()
            for other, other_key in self.store.name_keys():
                self._index_name(other, other_key)
        else:
            self._index_name(pid, key)
        lists = [self.memory.names.get(block, ()) for block in name_blocks(key)]
        candidates = {p for found in lists if len(found) <= MAX_NAME_CANDIDATES + 1 for p in found if p != pid}
        if not candidates or len(candidates) > MAX_NAME_CANDIDATES:
            return
        mine = {g for g in self.memory.groups_of.get(pid, set()) if self._specific(g)}
        for other in sorted(candidates):
            similarity = name_similarity(record.name, self._name_of(other))
            if similarity < SIMILAR_NAME:
                continue  # no proposal whatever they share: their groups need not be looked up
            shared = mine & self._groups_of(other)
            score = proposal_score(similarity, len(shared), candidates=len(candidates), words=len(key.split()))
            if score is None:
                continue
            if shared:
                names = ", ".join(sorted(self._group_names(shared))[:3])
                reason = f"similar names ({record.name} / {self._name_of(other)}) and both: {names}"
            else:
                reason = f"same name ({record.name}), nothing else in common yet"
            self._proposal(other, pid, score, reason)

    def _specific(self, gid: int) -> bool:
        """Whether sharing this group says something about identity (:func:`~kithkin.identity.is_specific_group`),
        counting the members it had before this import once."""
        memory = self.memory
        if gid not in memory.sized:
            memory.sized.add(gid)
            if not memory.fresh:
                memory.group_size[gid] += self.store.group_size(gid)
        return is_specific_group(memory.group_size[gid], self.next_pid)

    def _group_names(self, gids: set[int]) -> list[str]:
        return [self.memory.group_name.get(g) or self.store.get_group(g).name for g in gids]

    def _proposal(self, a: int, b: int, score: float, reason: str) -> None:
        # A store that was empty at the start has no rejected pairs to look up.
        pair = (min(a, b), max(a, b))
        if a == b or pair in self.proposed or (not self.memory.fresh and self.store.rejected_pair(a, b)):
            return
        self.proposed.add(pair)  # the first reason found is the strongest: a shared key before a similar name
        self.batch.proposals.append(ProposalRow(*pair, round(score, 3), reason))
        self.report.proposals += 1

    # -- ties and meetings -----------------------------------------------------------------

    def _pid(self, key: str) -> int | None:
        return self.me_id if key == ME else self.pid_by_key.get(key)

    def _save_links(self) -> None:
        rows: list[TieRow] = []
        missing_me = unknown = 0
        for link in self.links:
            a, b = self._pid(link.a), self._pid(link.b)
            if a is None or b is None:
                missing_me += ME in (link.a, link.b) and self.me_id is None
                unknown += link.how == RELATED
                continue
            if a != b:
                rid = self.rid_by_key.get(link.b if link.a == ME else link.a)
                rows.append(TieRow(min(a, b), max(a, b), link.how, fuzzy_to_text(link.since), self.sid, rid))
        before = self.store.count_ties()
        self.store.add_ties(rows)
        self.report.ties = self.store.count_ties() - before
        if unknown:
            self.report.notices.append(
                f"{plural(unknown, 'RELATED entry', 'RELATED entries')} naming no card of the file not imported"
            )
        if missing_me:
            self.report.notices.append(
                f"{missing_me} connections to you {self._not_saved}: say who you are ({SAY_WHO_YOU_ARE}) and import "
                "again"
            )

    @property
    def _not_saved(self) -> str:
        """A preview writes nothing: what it leaves out "would not be saved" (it said "were not saved" under
        "Nothing has been written yet")."""
        return "would not be saved" if self.report.dry_run else "were not saved"

    def _save_follows(self) -> None:
        """One-way follows between the user and people of this file (not ties: a follow is not a friendship)."""
        if self.me_id is None and self.follows:
            self.report.notices.append(
                f"{len(self.follows):,} one-way follows {self._not_saved}: say who you are ({SAY_WHO_YOU_ARE}) "
                "and import again"
            )
            return
        rows = [
            RecordFollowRow(pid, int(f.follows_me), f.network, self.sid, self.rid_by_key.get(f.key))
            for f in self.follows
            if (pid := self.pid_by_key.get(f.key)) is not None and pid != self.me_id
        ]
        self.store.add_follows(rows)
        if rows:
            self.report.fields["one-way follows"] = len(rows)

    def _save_meetings(self) -> None:
        if self.me_id is None:
            return
        for meeting in self.meetings:
            people = {p for p in (self._pid(k) for k in meeting.people) if p is not None}
            if meeting.on > self.today or self.me_id not in people or len(people) < 2:
                continue
            people.discard(self.me_id)
            self.report.meetings += self.store.add_meeting(self.sid, meeting.key, meeting.on, meeting.title, people)


def source_label(name: str, format: str) -> str:
    """The source a file's records belong to: its format and file name (its path inside a folder imported
    whole), so a newer export of the same file (downloaded again, same name) updates the records of the
    first one."""
    return f"{format}:{name}"
