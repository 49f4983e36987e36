"""Briefing, as the Briefing page and ``/api/v1/briefing``: before a gathering, who will be there, what you
share with each, mutual contacts, what is open between you — for an uploaded invitation (.ics), people
picked by name, or an event already in the store. The same use case as ``kithkin brief``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from kithkin import services
from kithkin.errors import InputError
from kithkin.services import briefing
from kithkin.services.briefing import Briefing, Entry, Upload
from kithkin.services.people import people_page
from kithkin.text import attendance, due_words, plural, tie_sentence, when
from kithkin.web import schemas
from kithkin.web.pages import StoreDep, render, today

router = APIRouter()

People = Annotated[list[int], Query(max_length=briefing.MAX_ATTENDEES, description="Ids of the people coming.")]
Event = Annotated[str, Query(max_length=300, description="An event in your network, by name or `#id`.")]
#: The words templates need (days, counts, how you know someone), as the CLI says them.
WORDS = {"when": when, "plural": plural, "tie_sentence": tie_sentence, "attendance": attendance, "due_words": due_words}


class LastContactOut(BaseModel):
    on: str
    kind: str
    note: str


class FollowUpOut(BaseModel):
    due: str | None
    text: str


class AttendeeOut(BaseModel):
    person: schemas.PersonBrief
    headline: str
    tie: schemas.TieOut | None
    last_contact: LastContactOut | None
    trying_to_reach: list[str]  # your open goals about them ("reach Dana Reyes")
    followups: list[FollowUpOut]
    shared: list[schemas.SharedOut]  # groups you share, best first
    mutual: list[str]  # contacts you have in common
    part: str = ""  # "host" or "speaker" at this event (an invitation's organizer: "host")


class StrangerOut(BaseModel):
    name: str
    email: str
    guess: str


class BriefingOut(BaseModel):
    title: str
    when: str
    place: str  # where it is held (the invitation's LOCATION, the event's place); empty when not known
    attendees: list[AttendeeOut]
    strangers: list[StrangerOut]
    left_out: int  # attendees past the briefing's limit
    you: bool  # you are on its list (an event in the network may be one you were not invited to)
    past: bool  # its day is before today


def _attendee(entry: Entry, me: schemas.PersonBrief) -> AttendeeOut:
    last = entry.last
    tie = entry.tie
    return AttendeeOut(
        person=schemas.brief(entry.person),
        headline=entry.headline,
        tie=None if tie is None else schemas.TieOut(person=me, how=tie.how, closeness=tie.closeness,
                                                     since=str(tie.since) if tie.since else None, source=tie.source),
        last_contact=None if last is None else LastContactOut(on=str(last.on), kind=last.kind.value, note=last.note),
        trying_to_reach=[g.text for g in entry.goals],
        followups=[FollowUpOut(due=str(f.due) if f.due else None, text=f.text) for f in entry.followups],
        shared=[s for s, item in zip(schemas.ground(entry.ground), entry.ground.items, strict=True) if item.kind],
        mutual=[item.name for item in entry.ground.items if item.kind is None],
        part=entry.part,
    )  # fmt: skip


def _out(view: Briefing) -> BriefingOut:
    me = schemas.brief(view.me)
    return BriefingOut(
        title=view.title,
        when=view.when,
        place=view.place,
        attendees=[_attendee(e, me) for e in view.entries],
        strangers=[StrangerOut(name=s.name, email=s.email, guess=s.guess) for s in view.strangers],
        left_out=view.truncated,
        you=view.you,
        past=view.past,
    )


async def _upload(invite: UploadFile) -> Upload:
    """The uploaded invitation (its size is capped by the app's body limit), refused when its name says it is
    not a calendar."""
    name = invite.filename or "invitation.ics"
    if not name.lower().endswith((".ics", ".ical", ".ifb", ".icalendar")):
        raise InputError(f"{name} is not an invitation: choose a calendar file (.ics)")
    return Upload(name, await invite.read())


def _by_people(store: StoreDep, person: list[int], event: str) -> Briefing | None:
    if person and event:
        raise InputError("brief one thing: the people you picked, or an event")
    if not person and not event:
        return None
    return briefing.brief(store, people=[f"#{p}" for p in person], event=event or None, today=today())


def _page(request: Request, store: StoreDep, view: Briefing | None, picked: list[int], event: str) -> HTMLResponse:
    chosen = [services.resolve_person(store, f"#{pid}") for pid in picked]
    context = {"view": view, "picked": chosen, "event": event, "events": briefing.events(store), "words": WORDS}
    return render(request, "briefing.html", context)


@router.get("/brief", response_class=HTMLResponse, include_in_schema=False)
def briefing_page(request: Request, store: StoreDep, person: People = [], event: Event = "") -> HTMLResponse:  # noqa: B006
    return _page(request, store, _by_people(store, person, event), person, event)


@router.post("/brief", response_class=HTMLResponse, include_in_schema=False)
async def briefing_upload(request: Request, store: StoreDep, invite: Annotated[UploadFile, File()]) -> HTMLResponse:
    view = briefing.brief(store, invite=await _upload(invite), today=today())
    return _page(request, store, view, [], "")


@router.get("/brief/pick", response_class=HTMLResponse, include_in_schema=False)
def pick(request: Request, store: StoreDep, q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    """People matching what is typed so far, each with a button that adds them to the attendees."""
    page = people_page(store, q, limit=8) if q.strip() else None
    buttons = [("Add", "/brief/chip", "#picked")]
    return render(request, "_pick_results.html", {"page": page, "q": q, "buttons": buttons})


@router.get("/brief/chip", response_class=HTMLResponse, include_in_schema=False)
def chip(request: Request, store: StoreDep, pid: int) -> HTMLResponse:
    """One picked attendee: a ticked box the briefing form sends, and a way to take them off again."""
    person = services.resolve_person(store, f"#{pid}")
    return render(request, "_chip.html", {"person": person, "name": "person", "value": person.id})


@router.get(
    "/api/v1/briefing",
    tags=["briefing"],
    responses={400: {"model": schemas.ErrorOut}, 404: {"model": schemas.ErrorOut}},
)
def briefing_api(store: StoreDep, person: People = [], event: Event = "") -> BriefingOut:  # noqa: B006
    """The briefing for people (`person`, repeated ids) or for an event (`event`, a name or `#id`)."""
    view = _by_people(store, person, event)
    if view is None:
        raise InputError("say who is coming: person=ID (repeat) or event=NAME")
    return _out(view)


@router.post(
    "/api/v1/briefing",
    tags=["briefing"],
    responses={400: {"model": schemas.ErrorOut}, 403: {"model": schemas.ErrorOut}, 413: {"model": schemas.ErrorOut}},
)
async def briefing_upload_api(
    store: StoreDep, invite: Annotated[UploadFile, File(description="The invitation (.ics).")]
) -> BriefingOut:
    """The briefing for an uploaded invitation (.ics, multipart `invite`); needs `X-CSRF-Token`."""
    return _out(briefing.brief(store, invite=await _upload(invite), today=today()))
