"""Normal forms of group names: the keys under which 'SDSU', 'San Diego State Univ.' and
'San Diego State University-California State University' can meet.

Pure: standard library only. The legal-form terms ('Inc.', 'GmbH', 'S.A. de C.V.', …)
come from ``cleanco``'s term list, extracted into ``kithkin/data/legal_suffixes.txt``
by ``bench/build_resolution_knowledge.py``.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import unicodedata

SCHOOL, EMPLOYER, PLACE = "school", "employer", "place"

_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−", "-"))
_QUOTES = str.maketrans(dict.fromkeys("'’‘`´", ""))
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_INITIALISM = re.compile(r"\b(?:[a-z]\.){2,}")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# 'San Diego State University-California State University' (LinkedIn's campus-system suffix).
_SYSTEM_SUFFIX = re.compile(
    r"^(?P<campus>.*\b(?:university|college|institute|school)\b.*?)\s*-\s*"
    r"(?P<system>[^-]*\b(?:university|university system|system))\s*$"
)

_SYSTEM_SUFFIX_CASED = re.compile(_SYSTEM_SUFFIX.pattern, re.IGNORECASE)

STOPWORDS = frozenset(
    [
        "of",
        "the",
        "and",
        "at",
        "for",
        "in",
        "on",
        "a",
        "an",
        "de",
        "la",
        "le",
        "les",
        "del",
        "di",
        "du",
        "des",
        "da",
        "do",
        "y",
        "e",
        "et",
        "und",
        "fur",
        "zu",
        "van",
        "von",
    ]
)
"""Words that do not give a letter to an acronym ('University of California, San Diego' → UCSD)."""

_SCHOOL_WORDS = {
    "univ": "university",
    "uni": "university",
    "unv": "university",
    "coll": "college",
    "inst": "institute",
    "intl": "international",
    "natl": "national",
    "tech": "technology",
    "ctr": "center",
    "centre": "center",
    "mt": "mount",
    "ft": "fort",
    # the word for 'university' etc. in the languages swot's names are most often written in
    **dict.fromkeys(
        [
            "universitesi",
            "üniversitesi",
            "universitat",
            "universite",
            "universita",
            "universidad",
            "universidade",
            "universitas",
            "uniwersytet",
            "univerzita",
            "universiteit",
            "universitet",
            "universiteti",
            "universiti",
            "univerzitet",
        ],
        "university",
    ),
    **dict.fromkeys(["koleji", "colegio", "collegio"], "college"),
    **dict.fromkeys(["instituto", "institut", "istituto"], "institute"),
    **dict.fromkeys(["de", "di", "du", "des", "da", "do", "del", "della", "degli"], "of"),
    **dict.fromkeys(
        ["technische", "technischen", "teknik", "tecnica", "tecnico", "technicka", "tehnicki"], "technical"
    ),
    **dict.fromkeys(["politecnico", "politecnica", "politechnika", "polytechnique", "politeknik"], "polytechnic"),
    **dict.fromkeys(["akademie", "akademia", "akademi", "academia", "academie", "akademija"], "academy"),
    **dict.fromkeys(["nacional", "nationale", "nazionale"], "national"),
    **dict.fromkeys(["escuela", "ecole", "escola", "scuola", "schule"], "school"),
    "calif": "california",
    # English names of cities that schools are named after in their own language ('München' / 'Munich')
    **{
        "munchen": "munich",
        "wien": "vienna",
        "koln": "cologne",
        "praha": "prague",
        "warszawa": "warsaw",
        "warszawie": "warsaw",
        "roma": "rome",
        "milano": "milan",
        "napoli": "naples",
        "torino": "turin",
        "firenze": "florence",
        "venezia": "venice",
        "genova": "genoa",
        "padova": "padua",
        "lisboa": "lisbon",
        "bruxelles": "brussels",
        "brussel": "brussels",
        "kobenhavn": "copenhagen",
        "moskva": "moscow",
        "sevilla": "seville",
        "geneve": "geneva",
        "bucuresti": "bucharest",
        "beograd": "belgrade",
        "kiev": "kyiv",
    },
}
_EMPLOYER_WORDS = {"intl": "international", "natl": "national", "mfg": "manufacturing", "cos": "companies"}
_PLACE_WORDS = {"mt": "mount", "ft": "fort", "st": "saint", "ste": "sainte"}
US_STATES = dict(
    pair.replace("_", " ").split(":")
    for pair in [
        "al:alabama",
        "ak:alaska",
        "az:arizona",
        "ar:arkansas",
        "ca:california",
        "co:colorado",
        "ct:connecticut",
        "de:delaware",
        "fl:florida",
        "ga:georgia",
        "hi:hawaii",
        "id:idaho",
        "il:illinois",
        "in:indiana",
        "ia:iowa",
        "ks:kansas",
        "ky:kentucky",
        "la:louisiana",
        "me:maine",
        "md:maryland",
        "ma:massachusetts",
        "mi:michigan",
        "mn:minnesota",
        "ms:mississippi",
        "mo:missouri",
        "mt:montana",
        "ne:nebraska",
        "nv:nevada",
        "nh:new_hampshire",
        "nj:new_jersey",
        "nm:new_mexico",
        "ny:new_york",
        "nc:north_carolina",
        "nd:north_dakota",
        "oh:ohio",
        "ok:oklahoma",
        "or:oregon",
        "pa:pennsylvania",
        "ri:rhode_island",
        "sc:south_carolina",
        "sd:south_dakota",
        "tn:tennessee",
        "tx:texas",
        "ut:utah",
        "vt:vermont",
        "va:virginia",
        "wa:washington",
        "wv:west_virginia",
        "wi:wisconsin",
        "wy:wyoming",
        "dc:district_of_columbia",
    ]
)
"""USPS state codes, for 'San Francisco, CA'."""
_COUNTRIES = {
    **dict.fromkeys(["usa", "us", "united states of america", "america"], "united states"),
    **dict.fromkeys(["uk", "great britain", "britain"], "united kingdom"),
    "uae": "united arab emirates",
}
_CITY_NICKNAMES = {
    "sf": "san francisco",
    "nyc": "new york",
    "new york city": "new york",
    "la": "los angeles",
    "philly": "philadelphia",
    "vegas": "las vegas",
    "nola": "new orleans",
    "washington dc": "washington",
    "dc": "washington",
}
"""kithkin's own table of how people write a few big cities."""
_SHARE_CLASS = re.compile(r"\b(?:class|series|cl)\s+[a-z]\b|\ba\b(?=\s+corp\b)|(?<=\bcorp)\s+[a-c]$")
_GENERIC_EMPLOYER_TAIL = frozenset({"group", "holdings", "holding", "companies", "com", "worldwide", "international"})


_ELISION = re.compile(r"\b[dlDL]['’](?=[aeiouyhAEIOUYHÀ-ÿ])")
"""French elision: "d'optique" is 'optique', "l'internet" 'internet'."""


def _plain(text: str) -> str:
    """Casefolded, accent-free text with ASCII dashes, no French elisions and no apostrophes."""
    value = _ELISION.sub("", text).translate(_DASHES).translate(_QUOTES)
    if not value.isascii():
        value = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    return value.casefold()


def _words(text: str) -> list[str]:
    """'&' read as 'and', initialisms kept whole ('E.I.' → 'ei'), other punctuation a space."""
    value = _INITIALISM.sub(lambda m: m.group().replace(".", ""), text.replace("&", " and ").replace("+", " and "))
    return _NOT_WORD.sub(" ", value).split()


@functools.cache
def legal_suffixes() -> dict[str, tuple[tuple[str, ...], ...]]:
    """cleanco's legal-form terms as word tuples, by last word, longest first ('sp z oo' before 'oo')."""
    text = (importlib.resources.files("kithkin.data") / "legal_suffixes.txt").read_text(encoding="utf-8")
    terms = {tuple(_words(line)) for line in text.splitlines() if line and not line.startswith("#")}
    by_last: dict[str, list[tuple[str, ...]]] = {}
    for term in sorted((t for t in terms if t), key=lambda t: (-len(t), t)):
        by_last.setdefault(term[-1], []).append(term)
    return {last: tuple(found) for last, found in by_last.items()}


def _strip_legal(words: list[str]) -> list[str]:
    """Drop legal-form terms from the end while a name remains ('Best Buy Co. Inc.' → best buy)."""
    terms = legal_suffixes()
    stripped = True
    while stripped and len(words) > 1:
        stripped = False
        for term in terms.get(words[-1], ()):
            if len(words) > len(term) and tuple(words[-len(term) :]) == term:
                del words[-len(term) :]
                stripped = True
                break
    return words


def _school_words(words: list[str]) -> list[str]:
    out = [_SCHOOL_WORDS.get(w, w) for w in words]
    for i, w in enumerate(out):
        if w == "st":  # 'Michigan St. University' vs 'Mount St. Mary's'
            nxt = out[i + 1] if i + 1 < len(out) else ""
            out[i] = "state" if nxt in {"university", "college", ""} else "saint"
        elif w == "u" and i + 1 < len(out) and out[i + 1] == "of":
            out[i] = "university"
        elif i == 0 and len(out) > 1 and (w, out[1]) in _STATE_SHORT:  # 'Cal State Long Beach', 'Penn State'
            out[i] = _STATE_SHORT[w, out[1]]
    return out


_STATE_SHORT = {
    **{("cal", nxt): "california" for nxt in ("state", "poly", "lutheran", "berkeley", "baptist")},
    ("penn", "state"): "pennsylvania",
}
"""How people shorten a state's name in front of a school's ('Cal State', 'Penn State'); 'Cal' alone is
Berkeley's nickname and 'Penn' the University of Pennsylvania's, so only these pairs."""


def _employer_words(words: list[str], generic_tail: bool) -> list[str]:
    """Share classes, legal forms and a generic tail off, repeated until nothing changes.

    A generic tail word goes only when the word before it is not generic too, so
    'American International Group' keeps its name.
    """
    words = [_EMPLOYER_WORDS.get(w, w) for w in words]
    while True:
        before = list(words)
        words = _words(_SHARE_CLASS.sub(" ", " ".join(words))) or words
        words = _strip_legal(words)
        tail = words[-2:]
        if (
            not generic_tail
            and len(tail) == 2
            and tail[1] in _GENERIC_EMPLOYER_TAIL
            and tail[0] not in _GENERIC_EMPLOYER_TAIL
        ):
            words = words[:-1]
        if words == before:
            return words


def normalise(kind: str, name: str, *, generic_tail: bool = False) -> str:
    """The key a group name of ``kind`` is compared under.

    Case, accents, punctuation and '&'/'and' never matter; parenthesised notes
    ('(DTI)', '(Class A)') and the word 'the' are dropped. Schools also expand
    'Univ.', 'Coll.', 'Inst.', 'St.', read 'Üniversitesi', 'Universidad', … as
    'university' and 'de', 'di', … as 'of', and lose LinkedIn's campus-system
    suffix; employers lose share classes ('Class A'), legal forms (cleanco's list) and one generic tail word
    ('Group', 'Holdings', '.com'; kept with ``generic_tail=True``); places expand
    'St.', 'Mt.', 'Ft.'.

    >>> normalise("school", "San Diego State Univ.")
    'san diego state university'
    >>> normalise("school", "San Diego State University-California State University")
    'san diego state university'
    >>> normalise("school", "University of Wisconsin-Madison")
    'university of wisconsin madison'
    >>> normalise("employer", "QUALCOMM Incorporated")
    'qualcomm'
    >>> normalise("employer", "Nestwise, Inc.")
    'nestwise'
    >>> normalise("employer", "Amazon.com Inc")
    'amazon'
    >>> normalise("employer", "Estée Lauder Cos.")
    'estee lauder'
    >>> normalise("employer", "AT&T Inc.") == normalise("employer", "AT and T")
    True
    >>> normalise("employer", "Alphabet Inc Class A"), normalise("employer", "Comcast A Corp")
    ('alphabet', 'comcast')
    >>> normalise("school", "Bilkent Üniversitesi"), normalise("school", "Universidad de Granada")
    ('bilkent university', 'university of granada')
    """
    value = _PARENS.sub(" ", _plain(name)).strip()
    if kind == SCHOOL:
        system = _SYSTEM_SUFFIX.match(" ".join(value.split()))
        if system:
            value = system.group("campus")
    words = [w for w in _words(value) if w != "the"] or _words(value)
    if kind == SCHOOL:
        words = _school_words(words)
        if words[-2:] == ["main", "campus"] and len(words) > 2:  # IPEDS: 'Ohio University-Main Campus'
            words = words[:-2]
    elif kind == EMPLOYER:
        words = _employer_words(words, generic_tail)
    elif kind == PLACE:
        return " ".join(part for part in place_parts(name) if part)
    return " ".join(words)


def campus_system(name: str) -> str | None:
    """The university system LinkedIn appends to a campus's name, if ``name`` has one.

    >>> campus_system("San Diego State University-California State University")
    'California State University'
    >>> campus_system("University of Wisconsin-Madison") is None
    True
    """
    found = _SYSTEM_SUFFIX_CASED.match(" ".join(name.translate(_DASHES).split()))
    return None if found is None else found.group("system")


def without_system(name: str) -> str:
    """The campus's own name, without LinkedIn's university-system suffix: the name a new school is shown by.

    >>> without_system("San Diego State University-California State University")
    'San Diego State University'
    >>> without_system("University of Wisconsin-Madison")
    'University of Wisconsin-Madison'
    """
    found = _SYSTEM_SUFFIX_CASED.match(" ".join(name.translate(_DASHES).split()))
    return name.strip() if found is None else found.group("campus").strip()


def place_parts(name: str) -> tuple[str, str, str]:
    """(city, region, country) of a place written 'City, Region, Country', each normalised.

    State codes become names, 'USA' becomes 'united states' and is dropped after a US
    state, and a few nicknames become the city ('SF', 'NYC').

    >>> place_parts("San Francisco, CA")
    ('san francisco', 'california', '')
    >>> place_parts("SF") == place_parts("san francisco")
    True
    >>> place_parts("St. Louis, MO, USA")
    ('saint louis', 'missouri', '')
    >>> place_parts("London, UK")
    ('london', '', 'united kingdom')
    """
    parts = [" ".join(_PLACE_WORDS.get(w, w) for w in _words(p)) for p in _PARENS.sub(" ", _plain(name)).split(",")]
    parts = [p for p in parts if p]
    if not parts:
        return ("", "", "")
    city, rest = _CITY_NICKNAMES.get(parts[0], parts[0]), parts[1:]
    region = country = ""
    for part in rest:
        if part in _COUNTRIES or part in _COUNTRIES.values() or (country == "" and region and part not in US_STATES):
            country = _COUNTRIES.get(part, part)
        elif not region:
            region = US_STATES.get(part, part)
    if country == "united states" and region in US_STATES.values():
        country = ""
    return (city, region, country)


TYPE_WORDS = frozenset({"university", "college", "school", "institute", "academy", "center", "faculty"})
"""Words that say what kind of institution a school is, not which one."""


def stem(key: str) -> str:
    """A school key's telling words, in order: no stopwords, no kind of institution.

    'Plymouth University' and 'University of Plymouth' have one stem; so have 'Georgia Tech' and
    'Georgia Institute of Technology' — and 'Miami University' and 'University of Miami', which is why a
    stem alone never merges (see the resolver's ``_same_stem``).

    >>> stem(normalise("school", "University of Plymouth")), stem(normalise("school", "Georgia Tech"))
    ('plymouth', 'georgia technology')
    """
    return " ".join(w for w in key.split() if w not in STOPWORDS and w not in TYPE_WORDS)


def types(key: str) -> frozenset[str]:
    """The kinds of institution a school key names: {'university'} for 'University of Plymouth'."""
    return frozenset(w for w in key.split() if w in TYPE_WORDS)


def squash(key: str) -> str:
    """A key without spaces, so 'Exxon Mobil' meets 'ExxonMobil'.

    >>> squash(normalise("employer", "Exxon Mobil Corp.")) == squash(normalise("employer", "ExxonMobil"))
    True
    """
    return key.replace(" ", "")


def acronym(kind: str, name: str, *, generic_tail: bool = False) -> str:
    """The letters a name is abbreviated by: initials of its normalised words, stopwords skipped.

    A word the name writes in capitals ('UC', 'MIT') gives all its letters, and a
    hyphen starts a word ('Archer-Daniels-Midland' → ADM). Legal forms and campus
    systems are gone first (see :func:`normalise`). Returns '' when fewer than two
    letters come out: 'Qualcomm' has no acronym.

    >>> acronym("school", "San Diego State University")
    'sdsu'
    >>> acronym("school", "University of California, San Diego")
    'ucsd'
    >>> acronym("school", "UC San Diego")
    'ucsd'
    >>> acronym("employer", "Archer-Daniels-Midland Co")
    'adm'
    >>> acronym("employer", "Qualcomm Inc.")
    ''
    >>> acronym("employer", "American International Group, Inc.", generic_tail=True)
    'aig'
    """
    capitals = {w.casefold() for w in re.findall(r"\b[A-Z]{2,4}\b", name)}
    letters = [
        w if w in capitals else w[0]
        for w in normalise(kind, name, generic_tail=generic_tail).split()
        if w not in STOPWORDS
    ]
    return "".join(letters) if len(letters) > 1 else ""


def looks_like_acronym(name: str) -> bool:
    """Is ``name`` written as an acronym: one word of 2–8 capitals ('SDSU', 'S.D.S.U.'), or 2–5 letters?

    >>> looks_like_acronym("SDSU"), looks_like_acronym("ibm"), looks_like_acronym("Qualcomm")
    (True, True, False)
    """
    compact = re.sub(r"[.\s&]", "", name.strip())
    if not compact.isalnum() or not compact.isascii():
        return False
    return (compact.isupper() and 2 <= len(compact) <= 8) or 2 <= len(compact) <= 5
