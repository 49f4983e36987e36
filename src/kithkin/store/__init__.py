"""The store: the only package that speaks SQL.

:class:`Store` is one SQLite file holding one user's network; its parts live
in the modules of this package, one per kind of fact.
"""

from __future__ import annotations

from kithkin.store.activity import ActivityStore
from kithkin.store.backup import BackupStore
from kithkin.store.counts import CountsStore
from kithkin.store.dismissals import DismissalsStore
from kithkin.store.export import ExportStore
from kithkin.store.keeping import KeepingStore
from kithkin.store.records import RecordStore
from kithkin.store.rounds import RoundsStore
from kithkin.store.stats import StatsStore


class Store(
    StatsStore, CountsStore, ActivityStore, KeepingStore, BackupStore, RecordStore, ExportStore, RoundsStore,
    DismissalsStore,
):  # fmt: skip
    """A kithkin store: people, groups, affiliations, ties and what happened between them."""


__all__ = ["Store"]
