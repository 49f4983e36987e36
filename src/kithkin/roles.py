"""How people spell the roles they held — a school's degree and field, an employer's title — each read one way,
so that "B.S. Biology" and "Bachelor of Science in Biology" are one program and "Sr. Software Engr" and "Senior
Software Engineer" one title. Pure: what common ground counts as the same role and what ``find --role`` finds."""

from __future__ import annotations

import re

from kithkin.identity import role_key

#: Degrees as people write them at the start of a school's role ("MS Computer Science", "MBA", "B.S. in Biology"),
#: without their dots, lower-cased. "AS", "AB" and "SB" are degrees only in capitals (:func:`degree_and_field`).
# fmt: off
DEGREES = frozenset({
    "aa", "aas", "ba", "bs", "bsc", "bfa", "bba", "beng", "bsn", "ma", "ms", "msc", "mba", "mfa", "mph", "mpa", "mpp",
    "msw", "meng", "med", "mres", "mphil", "mst", "mdiv", "md", "jd", "phd", "dphil", "edd", "dds", "dmd", "dvm",
    "pharmd", "psyd", "llb", "llm",
})
# fmt: on
_LONG_DEGREE = re.compile(
    r"^(?:(?:associate|bachelor|master|doctor)(?:'?s)?(?:\s+degree)?(?:\s+of\s+[^,(\-–]+?)?|doctorate|juris doctor)"
    r"(?=\s+in\s|\s*[,:(\-–]|\s*$)",
    re.IGNORECASE,
)
#: A degree's abbreviation after its long form: LinkedIn's "Master of Science - MS", "Bachelor of Arts (B.A.)".
_ABBREVIATION = re.compile(r"^\s*(?:[-–]\s*|\()(?P<short>[A-Za-z.]+)\)?(?=\s+in\s|\s*[,:\-–]|\s*$)")


#: A degree after the field, as people and directories write it: "Marketing, BA", "Biology (B.S.)", "History - MA".
_TRAILING_DEGREE = re.compile(r"^(?P<field>.+?)\s*(?:,|\s[-–]|\()\s*(?P<degree>[A-Za-z.]+)\)?\s*$")


def _a_degree(word: str) -> bool:
    """``word`` is a degree's abbreviation ("BA", "B.S.", "phd"); the few that are words too ("as") in capitals."""
    bare = word.replace(".", "").lower()
    return bare in DEGREES and (bare not in ("as", "ab", "sb") or word.replace(".", "").isupper())


def degree_and_field(role: str) -> tuple[str, str]:
    """A school role split into the degree it names, if any, and the field: what a sentence needs to say "majors"
    only of majors. Before, "MS Computer Science" and "Computer Science" were "different majors", two MBA students
    "Both MBA majors", and LinkedIn's "Master of Science - MS" a major.

    >>> degree_and_field("MS Computer Science"), degree_and_field("Computer Science"), degree_and_field("MBA")
    (('MS', 'Computer Science'), ('', 'Computer Science'), ('MBA', ''))
    >>> degree_and_field("Master of Science - MS"), degree_and_field("B.S. in Biology")
    (('Master of Science - MS', ''), ('B.S.', 'Biology'))
    >>> degree_and_field("Bachelor's degree, Economics"), degree_and_field("Master of Arts in History")
    (("Bachelor's degree", 'Economics'), ('Master of Arts', 'History'))
    >>> degree_and_field("Master of Science - Biology"), degree_and_field("Bachelor of Arts (B.A.), English")
    (('Master of Science', 'Biology'), ('Bachelor of Arts (B.A.)', 'English'))
    >>> degree_and_field("Asian Studies"), degree_and_field("as"), degree_and_field("Masters")
    (('', 'Asian Studies'), ('', 'as'), ('Masters', ''))
    >>> degree_and_field("Marketing, BA"), degree_and_field("Biology (B.S.)"), degree_and_field("Latin American, as")
    (('BA', 'Marketing'), ('B.S.', 'Biology'), ('', 'Latin American, as'))
    """
    words = role.split()
    if not words:
        return "", ""
    head = words[0].rstrip(",:")
    bare = head.replace(".", "").lower()
    if bare in DEGREES and (bare not in ("as", "ab", "sb") or head.replace(".", "").isupper()):
        degree, rest = head, role.strip()[len(words[0]) :]
    elif (long := _LONG_DEGREE.match(role.strip())) is not None:
        degree, rest = long[0], role.strip()[long.end() :]
        short = _ABBREVIATION.match(rest)
        if short is not None and short["short"].replace(".", "").lower() in DEGREES:
            degree, rest = degree + rest[: short.end()], rest[short.end() :]
    elif (trailing := _TRAILING_DEGREE.match(role.strip())) is not None and _a_degree(trailing["degree"]):
        return trailing["degree"], " ".join(trailing["field"].split())
    else:
        return "", " ".join(words)
    field = re.sub(r"^\s*(?:in\s+|[,:\-–]\s*)?", "", rest).strip()
    return " ".join(degree.split()), field


#: Long degree names as their usual abbreviation, so that "Bachelor of Science in Biology" is "BS Biology".
_LONG_AS_SHORT = {
    "associate of arts": "aa", "bachelor of arts": "ba", "bachelor of science": "bs", "master of arts": "ma",
    "master of science": "ms", "master of business administration": "mba", "master of fine arts": "mfa",
    "master of public health": "mph", "doctor of philosophy": "phd", "juris doctor": "jd", "doctor of medicine": "md",
}  # fmt: skip


def school_role_key(role: str) -> tuple[str, str]:
    """A school role as the degree and field it names, each spelt one way: "B.S. Biology", "BS Biology",
    "Bachelor of Science in Biology" and LinkedIn's "Bachelor of Science - BS, Biology" are one program. Before,
    roles compared only by case and spaces, and "B.S." and "BS" were two programs.

    >>> len({school_role_key(r) for r in ("B.S. Biology", "BS  biology", "Bachelor of Science in Biology")})
    1
    >>> school_role_key("Bachelor of Science - BS, Biology"), school_role_key("Bachelor of Arts (B.A.), English")
    (('bs', 'biology'), ('ba', 'english'))
    >>> school_role_key("Bachelor's degree, Economics"), school_role_key("Marketing"), school_role_key("")
    (("bachelor's degree", 'economics'), ('', 'marketing'), ('', ''))
    """
    degree, field = degree_and_field(role)
    short = re.search(r"(?:[-–]\s*|\()([A-Za-z.]+)\)?$", degree)
    if short is not None and short[1].replace(".", "").lower() in DEGREES:
        degree = short[1]
    bare = role_key(degree.replace(".", "") if degree.replace(".", "").lower() in DEGREES else degree)
    return _LONG_AS_SHORT.get(bare, bare), role_key(field)


def school_role_matches(asked: str, held: str) -> bool:
    """Whether a school role someone holds is the one a search asks for: the same degree and field
    (:func:`school_role_key`), or the field alone when the search names no degree, or the degree alone when it
    names no field — "Biology" finds "B.S. Biology", "MBA" finds "MBA, Finance", "BS Biology" finds
    "Bachelor of Science in Biology" but not "MS Biology".

    >>> [school_role_matches("Biology", r) for r in ("B.S. Biology", "MS Biology", "Biology", "Chemistry")]
    [True, True, True, False]
    >>> [school_role_matches("BS Biology", r) for r in ("Bachelor of Science in Biology", "MS Biology", "Biology")]
    [True, False, False]
    >>> [school_role_matches("MBA", r) for r in ("MBA, Finance", "mba", "MS Finance")]
    [True, True, False]
    """
    (degree, field), (their_degree, their_field) = school_role_key(asked), school_role_key(held)
    return (not degree or degree == their_degree) and (not field or field == their_field) and bool(degree or field)


#: Words of a job title as people shorten them, spelt out — only shortenings with one reading: "Eng" (engineer or
#: engineering), "Dev" (developer or development) and "PM" (product or project manager) stay as written.
# fmt: off
_TITLE_WORDS = {
    "sr": "senior", "snr": "senior", "jr": "junior", "mgr": "manager", "mngr": "manager", "engr": "engineer",
    "dir": "director", "asst": "assistant", "assoc": "associate", "admin": "administrator", "exec": "executive",
    "mktg": "marketing", "mgmt": "management", "ops": "operations", "coord": "coordinator", "rep": "representative",
    "intl": "international", "acct": "account", "sw": "software", "hr": "human resources", "vp": "vice president",
    "svp": "senior vice president", "evp": "executive vice president", "avp": "assistant vice president",
    "ceo": "chief executive officer", "cfo": "chief financial officer", "coo": "chief operating officer",
    "cto": "chief technology officer", "cmo": "chief marketing officer", "swe": "software engineer",
    "sde": "software development engineer", "ii": "2", "iii": "3", "iv": "4", "and": "&",
}
# fmt: on


def title_key(title: str) -> tuple[str, ...]:
    """An employer's title as its words, each spelt one way: "Sr. Software Engineer", "senior  software engineer"
    and "Snr Software Engineer" are one title; "Vice-President, Sales" is "VP Sales"; a level as a numeral ("II" is
    2, and a last "I" is 1). Before, titles compared by case and spaces only.

    >>> title_key("Sr. Software Engineer") == title_key("Senior Software Engineer") == title_key("snr software engr")
    True
    >>> title_key("Vice-President, Sales & Marketing") == title_key("VP Sales and Marketing")
    True
    >>> title_key("Engineer II"), title_key("Engineer I"), title_key("C++ Developer"), title_key("")
    (('engineer', '2'), ('engineer', '1'), ('c++', 'developer'), ())
    """
    words = re.sub(r"[^\w&+#]+", " ", title.replace("&", " & ")).lower().split()
    spelt = [_TITLE_WORDS.get(word, word) for word in words[:-1]]
    if words:
        spelt.append("1" if words[-1] == "i" and len(words) > 1 else _TITLE_WORDS.get(words[-1], words[-1]))
    return tuple(" ".join(spelt).split())


def title_matches(asked: str, held: str) -> bool:
    """Whether a title someone holds is what a search for ``asked`` means: every word asked for, however spelt
    (:func:`title_key`), is in it — "Engineer" finds "Sr. Software Engineer", "Senior Engineer" finds "Senior
    Software Engineer", "Manager" does not find "Director".

    >>> [title_matches("Engineer", t) for t in ("Sr. Software Engineer", "Engineering Manager", "Director")]
    [True, False, False]
    >>> [title_matches("vp sales", t) for t in ("Vice President, Sales", "VP Marketing")]
    [True, False]
    """
    wanted, words = title_key(asked), set(title_key(held))
    return bool(wanted) and all(word in words for word in wanted)
