"""The network as arrays for the engine: read from the store, cached beside it, and the strengths of the
user's own ties brought up to date for the day asked about."""

from __future__ import annotations

import datetime as dt

import numpy as np

from kithkin.followups import contact_strength, ledger
from kithkin.network.snapshot import Snapshot, build_arrays, interaction_strengths, strengths_with_contact
from kithkin.services import caches
from kithkin.store import Store

__all__ = ["SNAPSHOT_FORMAT", "Snapshot", "snapshot"]


def snapshot(store: Store, *, today: dt.date | None = None) -> Snapshot:
    """The network as arrays: the structure is cached beside the store (``<store>.graph.npz``) and rebuilt
    only when the store has changed; the strengths of the user's own ties, which decay with time without
    contact, are worked out again for ``today`` on every call (a few hundred ties, not the network)."""
    cache = caches.cache_path(store, ".graph.npz")
    with store.reading():  # one state of the file (its stamp and its rows), even with another kithkin writing
        expected, revision = caches.stamp(store, SNAPSHOT_FORMAT), store.revision
        arrays = caches.read(cache, expected)
        if arrays is None:
            arrays = _build(store)
            built = arrays
            caches.write(cache, lambda out: np.savez(out, **expected, **built))  # type: ignore[arg-type]
        contact = _contact_with_me(store, arrays["ids"], arrays["a"], arrays["b"], today or dt.date.today())
    fields = {name: arrays[name] for name in ("ids", "a", "b", "member", "group")}
    return Snapshot(revision, strength=strengths_with_contact(arrays, contact), **fields,
                    interaction=interaction_strengths(arrays, contact))  # fmt: skip


#: Bumped when what the snapshot cache holds, or how strengths are made, changes: older caches are rebuilt.
SNAPSHOT_FORMAT = 2


def _build(store: Store) -> dict[str, np.ndarray]:
    """The store's people, ties and memberships as arrays (:func:`kithkin.network.snapshot.build_arrays`)."""
    ids = np.array(store.person_ids(), dtype=np.int64)
    a, b, stated = store.tie_arrays()
    member, group = store.membership_arrays()
    return build_arrays(ids, a, b, stated, member, group)


def _contact_with_me(store: Store, ids: np.ndarray, a: np.ndarray, b: np.ndarray, today: dt.date) -> np.ndarray:
    """Recency, frequency and reciprocity of contact, for the user's own ties (others' contact is unseen)."""
    contact = np.zeros(len(a))
    me = store.me()
    if me is None or me.id is None:
        return contact
    mine = int(np.searchsorted(ids, me.id))
    since = today - dt.timedelta(days=365)
    summary = store.contact_summary(me.id, today, since)
    book = ledger(store.exchanges(since), today)
    for i in np.flatnonzero((a == mine) | (b == mine)).tolist():
        pid = int(ids[b[i] if a[i] == mine else a[i]])
        last, count = summary.get(pid, (None, 0))
        balance = book.get(pid)
        gave, got = (balance.gave, balance.got) if balance else (0, 0)
        contact[i] = contact_strength(last, count, gave, got, today)
    return contact
