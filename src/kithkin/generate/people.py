"""Plausible names: English ones sampled by real frequency, Spanish and Chinese ones evenly.

The tables come with the ``faker`` package: its English first and last names carry
frequencies (derived from US Census and SSA statistics), its Mexican and Taiwanese
ones are plain lists, so those are drawn evenly. Sampling them with numpy instead of
calling Faker per person keeps a million names to about a second.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
from faker.providers.person.en_US import Provider as EnglishNames
from faker.providers.person.es_MX import Provider as SpanishNames
from faker.providers.person.zh_TW import Provider as ChineseNames

from kithkin.identity import name_key

# Share of each name origin in the demo population (roughly Southern California).
_ORIGINS = (0.70, 0.22, 0.08)


def _table(names: Mapping[str, float] | Sequence[str], *, title: bool = False) -> tuple[list[str], np.ndarray]:
    if isinstance(names, Mapping):
        keys = list(names)
        weights = np.array([names[k] for k in keys], dtype=float)
    else:
        keys = list(names)
        weights = np.ones(len(keys))
    if title:
        keys = [k.title() for k in keys]
    return keys, weights / weights.sum()


_FIRST = (
    _table({**EnglishNames.first_names_female, **EnglishNames.first_names_male}),
    _table(SpanishNames.first_names),
    _table(ChineseNames.first_romanized_names, title=True),
)
#: Entries of Faker's lists that are not people's names, each replaced in its place (so that every other name a
#: seed draws stays the same): its Mexican surnames include Tolkien's Gollum.
_NOT_NAMES = {"Gollum": "Góngora"}
_LAST = (
    _table(EnglishNames.last_names),
    _table([_NOT_NAMES.get(name, name) for name in SpanishNames.last_names]),
    _table(ChineseNames.last_romanized_names, title=True),
)


def sample_names(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` full names, "First Last", mixed by origin and weighted by frequency."""
    origin = rng.choice(len(_ORIGINS), size=count, p=_ORIGINS)
    names: list[str] = [""] * count
    for which in range(len(_ORIGINS)):
        idx = np.flatnonzero(origin == which)
        first_keys, first_p = _FIRST[which]
        last_keys, last_p = _LAST[which]
        firsts = rng.choice(len(first_keys), size=len(idx), p=first_p)
        lasts = rng.choice(len(last_keys), size=len(idx), p=last_p)
        for i, f, last in zip(idx.tolist(), firsts.tolist(), lasts.tolist(), strict=True):
            names[i] = f"{first_keys[f]} {last_keys[last]}"
    return names


def emails_for(names: Sequence[str], people: Sequence[int]) -> list[str]:
    """One unique address per person, at reserved example domains so no real inbox is named.

    >>> emails_for(["Ana Ruiz", "Ana Ruiz", "José Núñez"], [0, 1, 2])
    ['ana.ruiz@example.com', 'ana.ruiz2@example.com', 'jose.nunez@example.com']
    """
    seen: Counter[str] = Counter()
    emails = []
    for pid in people:
        local = ".".join(name_key(names[pid]).split()) or f"person{pid}"
        seen[local] += 1
        suffix = "" if seen[local] == 1 else str(seen[local])
        emails.append(f"{local}{suffix}@example.com")
    return emails
