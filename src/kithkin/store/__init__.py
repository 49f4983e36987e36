"""The store: the only package that speaks SQL.

:class:`Store` is one SQLite file holding one user's network; its parts live
in the modules of this package, one per kind of fact.
"""

from __future__ import annotations

from kithkin.store.backup import BackupStore
from kithkin.store.export import ExportStore
from kithkin.store.followups import FollowupsStore
from kithkin.store.matchmaking import MatchmakingStore
from kithkin.store.records import RecordStore
from kithkin.store.stats import StatsStore
from kithkin.store.suggestions import SuggestionsStore


class Store(StatsStore, FollowupsStore, BackupStore, RecordStore, ExportStore, MatchmakingStore, SuggestionsStore):
    """A kithkin store: people, groups, affiliations, ties and what happened between them."""


__all__ = ["Store"]
