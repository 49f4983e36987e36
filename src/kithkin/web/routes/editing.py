"""Editing people from the web: add a person, change their name, aliases, contacts, tags, birthday and
notes in place, and record whom they know — as forms on the person page and as ``/api/v1/people`` writes.
Each calls the use case `kithkin person add`, `person edit` and `tie` call."""

from __future__ import annotations

from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from kithkin import services
from kithkin.errors import KithkinError, NameTaken
from kithkin.model import Person
from kithkin.services import followups, merging
from kithkin.services.people import contact_problems, replacing
from kithkin.store import Store
from kithkin.text import is_number
from kithkin.web import schemas
from kithkin.web.forms import GENERAL, attempt, go, items, just_logged, lines, log_options, refused
from kithkin.web.pages import StoreDep, is_fragment, render, today

router = APIRouter()

Text = Annotated[str, Form(max_length=10_000)]
Short = Annotated[str, Form(max_length=500)]
#: What a write may answer besides success: the one error shape (422: a value named by `field` is refused).
WRITE: dict[int | str, dict[str, Any]] = {status: {"model": schemas.ErrorOut} for status in (400, 403, 404, 422)}


class NewPersonIn(BaseModel):
    name: str = Field(max_length=500)
    aliases: list[str] = []
    emails: list[str] = []
    phones: list[str] = []
    tags: list[str] = []
    notes: str = Field("", max_length=10_000)
    new: bool = False  # true: a second person with the name of someone already there


class PersonPatch(BaseModel):
    name: str | None = Field(None, max_length=500)
    aliases: list[str] | None = None
    emails: list[str] | None = None
    phones: list[str] | None = None
    tags: list[str] | None = None
    birthday: str | None = Field(None, max_length=100)  # 1980-04-15, --04-15 (no year), "" clears
    notes: str | None = Field(None, max_length=10_000)


class Removed(BaseModel):
    message: str


class TieIn(BaseModel):
    other: str = Field(max_length=500)
    how: str = Field("", max_length=500)
    since: str | None = Field(None, max_length=100)
    closeness: int | None = None  # 1 acquaintance … 5 closest


def _birthday(store: Store, pid: int) -> str:
    return store.birthdays([pid]).get(pid, "")


def _person_form(person: Person, birthday: str) -> dict[str, str]:
    """What the edit form shows for a person as they are."""
    return {
        "name": person.name,
        "aliases": "\n".join(person.aliases),
        "emails": "\n".join(person.emails),
        "phones": "\n".join(person.phones),
        "tags": ", ".join(person.tags),
        "birthday": birthday,
        "notes": person.notes,
    }


# --- a new person ---------------------------------------------------------------------------------


@router.get("/people/new", response_class=HTMLResponse, include_in_schema=False)
def new_person_page(request: Request) -> HTMLResponse:
    return render(request, "person_new.html", {"form": {}, "errors": {}, "taken": ""})


@router.post("/people/new", include_in_schema=False)
def new_person_form(
    request: Request, store: StoreDep, name: Short = "", aliases: Text = "", emails: Text = "", phones: Text = "",
    tags: Text = "", notes: Text = "", new: Annotated[bool, Form()] = False,
) -> Response:  # fmt: skip
    errors: dict[str, str] = {}
    form = {"name": name, "aliases": aliases, "emails": emails, "phones": phones, "tags": tags, "notes": notes}
    taken = ""
    problems = contact_problems(items(emails), items(phones), name)  # every field's problem at once
    errors.update(problems)
    if not problems:
        try:
            person = services.add_person(
                store, name, aliases=lines(aliases), emails=items(emails), phones=items(phones), tags=items(tags),
                notes=notes.strip(), new=new,
            )  # fmt: skip
        except NameTaken as exc:
            errors["name"], taken = f"{exc.known} is already in your network.", exc.known
        except KithkinError as exc:
            errors[exc.field or GENERAL] = str(exc)
        else:
            return go(request, f"/people/{person.id}")
    context = {"form": form, "errors": errors, "taken": taken}
    return refused(request, "person_new.html", "_person_new_form.html", context)


@router.post("/api/v1/people", tags=["editing"], status_code=201, responses=WRITE)
def new_person_api(store: StoreDep, body: NewPersonIn) -> schemas.PersonOut:
    """Add a person; a name already in your network is refused (422, field `name`) unless `new` is true."""
    person = services.add_person(
        store, body.name, aliases=body.aliases, emails=body.emails, phones=body.phones, tags=body.tags,
        notes=body.notes, new=body.new,
    )  # fmt: skip
    return schemas.person(services.profile(store, f"#{person.id}"), None)


# --- changing a person ----------------------------------------------------------------------------


@router.get("/people/{pid}/edit", response_class=HTMLResponse, include_in_schema=False)
def edit_person_page(request: Request, store: StoreDep, pid: int) -> HTMLResponse:
    person = services.resolve_person(store, f"#{pid}")
    context = {"person": person, "form": _person_form(person, _birthday(store, pid)), "errors": {}}
    return render(request, "_edit_person.html" if is_fragment(request) else "person_edit.html", context)


@router.post("/people/{pid}/edit", include_in_schema=False)
def edit_person_form(
    request: Request, store: StoreDep, pid: int, name: Short = "", aliases: Text = "", emails: Text = "",
    phones: Text = "", tags: Text = "", birthday: Short = "", notes: Text = "",
) -> Response:  # fmt: skip
    person = services.resolve_person(store, f"#{pid}")
    errors: dict[str, str] = {}
    was = _birthday(store, pid)
    change = replacing(
        person, name=name, notes=notes.strip(), aliases=lines(aliases), emails=items(emails), phones=items(phones),
        tags=items(tags), birthday=None if birthday.strip() == was else birthday.strip(),
    )  # fmt: skip
    problems = contact_problems(items(emails), items(phones), name)
    edited = (
        None if problems else attempt(lambda: services.edit_person(store, f"#{pid}", change, today=today()), errors)
    )
    if edited is not None:
        return go(request, f"/people/{pid}")
    errors = {**problems, **errors}
    form = {"name": name, "aliases": aliases, "emails": emails, "phones": phones, "tags": tags,
            "birthday": birthday, "notes": notes}  # fmt: skip
    context = {"person": person, "form": form, "errors": errors}
    return refused(request, "person_edit.html", "_edit_person.html", context)


@router.patch("/api/v1/people/{pid}", tags=["editing"], responses=WRITE)
def edit_person_api(store: StoreDep, pid: int, body: PersonPatch) -> schemas.PersonOut:
    """Change a person: each field given replaces what is there (a list is the whole list); fields left out
    stay as they are; `birthday` "" clears it."""
    person = services.resolve_person(store, f"#{pid}")
    change = replacing(
        person, name=body.name, notes=body.notes, aliases=body.aliases, emails=body.emails, phones=body.phones,
        tags=body.tags, birthday=body.birthday,
    )  # fmt: skip
    services.edit_person(store, f"#{pid}", change, today=today())
    return schemas.person(services.profile(store, f"#{pid}"), None)


# --- ties -----------------------------------------------------------------------------------------


@router.post("/people/{pid}/ties", include_in_schema=False)
def tie_form(
    request: Request, store: StoreDep, pid: int, other: Short = "", how: Short = "", since: Short = "",
    closeness: Short = "",
) -> Response:  # fmt: skip
    errors: dict[str, str] = {}
    level = int(closeness) if is_number(closeness) else None
    if closeness.strip() and level is None:
        errors["closeness"] = "closeness is a number from 1 (acquaintance) to 5 (closest)"
    elif attempt(
        lambda: services.tie(store, f"#{pid}", other, how=how, since=since or None, closeness=level, today=today()),
        errors,
    ):
        return go(request, f"/people/{pid}")
    form = {"other": other, "how": how, "since": since, "closeness": closeness}
    return manage_refused(request, store, pid, "tie", form, errors)


@router.post("/people/{pid}/ties/{other}/remove", include_in_schema=False)
def untie_form(request: Request, store: StoreDep, pid: int, other: int) -> Response:
    """Forget a tie recorded by mistake (there was no way but forgetting one of the two)."""
    _, a, b = services.untie(store, f"#{pid}", f"#{other}")
    if is_fragment(request):
        return HTMLResponse(f'<li class="settled" role="status">Forgot that {escape(a.name)} and {escape(b.name)} '
                            "know each other.</li>")  # fmt: skip
    return go(request, f"/people/{pid}#ties-h")


@router.delete("/api/v1/people/{pid}/ties/{other}", tags=["editing"], responses=WRITE)
def untie_api(store: StoreDep, pid: int, other: int) -> Removed:
    """Forget that this person and `other` (an id) know each other."""
    _, a, b = services.untie(store, f"#{pid}", f"#{other}")
    return Removed(message=f"forgot that {a.name} and {b.name} know each other")


@router.post("/api/v1/people/{pid}/ties", tags=["editing"], status_code=201, responses=WRITE)
def tie_api(store: StoreDep, pid: int, body: TieIn) -> schemas.TieOut:
    """Record that this person knows `other` (a name, an email or #id), or change how."""
    found = services.tie(
        store, f"#{pid}", body.other, how=body.how, since=body.since, closeness=body.closeness, today=today()
    )
    return schemas.tie(found, store.get_person(found.other(pid)))


# --- the editing panel of the person page ----------------------------------------------------------


def manage_context(store: Store, pid: int) -> dict[str, Any]:
    """What the panel under a profile shows: keeping in touch, the records the person is made of."""
    person = services.resolve_person(store, f"#{pid}")
    rows = merging.records(store, f"#{pid}")
    return {
        "person": person,
        "together": followups.relationship(store, f"#{pid}", today()),
        "records": rows,
        "splittable": merging.splittable(rows),
        "kinds": KINDS,
        **log_options(),
        "forms": {},
        "errors": {},
        "logged": None,
    }


#: The kinds of group an affiliation may be of, as the form offers them.
KINDS = ("school", "employer", "event", "community", "place", "interest")


@router.get("/people/{pid}/manage", response_class=HTMLResponse, include_in_schema=False)
def manage_page(request: Request, store: StoreDep, pid: int) -> HTMLResponse:
    """Forms to add to a person: a part of the person page (loaded after it), or a page of its own."""
    context = {**manage_context(store, pid), "logged": just_logged(store, request)}
    return render(request, "_manage.html" if is_fragment(request) else "person_manage.html", context)


def manage_refused(
    request: Request, store: Store, pid: int, which: str, form: dict[str, str], errors: dict[str, str]
) -> HTMLResponse:
    """The panel again, the form ``which`` holding what was typed and its messages."""
    context = {**manage_context(store, pid), "forms": {which: form}, "errors": {which: errors}}
    return refused(request, "person_manage.html", f"_manage_{which}.html", context)


class ForgottenOut(BaseModel):
    forgotten: schemas.PersonBrief
    vacuumed: bool  # the file rewritten, so that not even its free pages hold them


@router.get("/people/{pid}/forget", response_class=HTMLResponse, include_in_schema=False)
def forget_confirm_page(request: Request, store: StoreDep, pid: int) -> HTMLResponse:
    """The question before forgetting someone (as `kithkin forget` asks): what goes, and that it cannot be undone."""
    person = services.resolve_person(store, f"#{pid}")
    return render(request, "forget_confirm.html", {"person": person})


@router.post("/people/{pid}/forget", include_in_schema=False)
def forget_form(
    request: Request, store: StoreDep, pid: int, vacuum: Annotated[str, Form(max_length=5)] = ""
) -> Response:
    """Forget a person and every trace of them, then on to People."""
    services.remove_person(store, f"#{pid}", vacuum=bool(vacuum))
    return go(request, "/people")


@router.delete("/api/v1/people/{pid}", tags=["editing"], responses=WRITE)
def forget_api(store: StoreDep, pid: int, vacuum: bool = False) -> ForgottenOut:
    """Forget a person: every trace of them — contacts, records, ties, notes of meetings with them alone, goals
    about them, groups only they were in, their words in the search index, the caches beside the store (needs
    the `X-CSRF-Token` header); with `vacuum`, the file is rewritten too. It cannot be undone."""
    gone = services.remove_person(store, f"#{pid}", vacuum=vacuum)
    return ForgottenOut(forgotten=schemas.brief(gone), vacuumed=vacuum)


class MeIn(BaseModel):
    person: str = Field(max_length=500)  # a name, an alias, an email or #id, as everywhere


@router.post("/people/{pid}/me", include_in_schema=False)
def this_is_me_form(request: Request, store: StoreDep, pid: int) -> Response:
    """Say that this person is the user (as `kithkin me`), then back to their page."""
    services.set_me(store, f"#{pid}")
    return go(request, f"/people/{pid}")


@router.post("/api/v1/me", tags=["editing"], responses=WRITE)
def set_me_api(store: StoreDep, body: MeIn) -> schemas.PersonBrief:
    """Say which person is you (needs the `X-CSRF-Token` header): what common ground, introductions, suggestions
    and Today are told from."""
    return schemas.brief(services.set_me(store, body.person))
