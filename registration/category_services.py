"""What organisers do with an event's participant categories (registration.categories): the meeting
presets, adding, changing, removing and ordering them, and the counts other pages read.

Apart from categories.py because the services read registrations (registration.models), which import
the model from categories.py: one module each way keeps the imports running down.
"""
from flask import current_app
from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.models import move_in_order
from core.multilingual import languages_of, set_translations, site_locale
from core.signals import category_removing
from events.models import Event
from events.services import slugify
from registration import places
from registration.categories import APPROVAL, OPEN, PRESETS, ParticipantCategory
from registration.models import CANCELLED, HOLDING_A_PLACE, Registration, RegistrationQuestion, RegistrationSettings
from registration.waiting_list import fill_places, upkeep

#: Categories people may choose on the public registration form (nominees come through a focal point).
SELF_REGISTERING = (OPEN, APPROVAL)
#: A key's longest length (ParticipantCategory.key's column).
KEY_LENGTH = 40


class CategoryProblem(ValueError):
    """Something the organiser asked cannot be done; `field` names the form field it belongs to (or None)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message, self.field = message, field


def categories_of(event_id: int) -> list[ParticipantCategory]:
    return db.session.scalars(select(ParticipantCategory).where(ParticipantCategory.event_id == event_id)
                              .order_by(ParticipantCategory.position, ParticipantCategory.id)).all()


def self_registering(categories) -> list[ParticipantCategory]:
    """The categories the public form offers: open and on approval, never nomination only."""
    return [category for category in categories if category.admission in SELF_REGISTERING]


def changeable_to(registration: Registration, categories) -> list[ParticipantCategory]:
    """The categories a person may move to on "Change my registration": from an open category (or none)
    to another open one; a category an organiser approved or a focal point nominated for is kept."""
    if registration.category is not None and registration.category.admission != OPEN:
        return []
    return [category for category in categories if category.admission == OPEN]


def category_by_key(event_id: int, key: str) -> ParticipantCategory | None:
    return db.session.scalar(select(ParticipantCategory).where(ParticipantCategory.event_id == event_id,
                                                               ParticipantCategory.key == key))


def category_of_event(event_id: int, category_id) -> ParticipantCategory | None:
    """The category with this id if it is one of the event's (None for another event's or nonsense)."""
    try:
        category = db.session.get(ParticipantCategory, int(category_id))
    except (TypeError, ValueError):
        return None
    return category if category is not None and category.event_id == event_id else None


def free_key(event_id: int, name: str, taken: set[str] | None = None) -> str:
    """A stable key made from the name: ASCII, lowercase, words joined by "_", unique in the event (a
    name in another script, which gives no ASCII, gets "category")."""
    if taken is None:
        taken = set(db.session.scalars(select(ParticipantCategory.key)
                                       .where(ParticipantCategory.event_id == event_id)))
    base = (slugify(name).replace("-", "_") or "category")[:KEY_LENGTH - 4].strip("_") or "category"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


def _same_name(event_id: int, name: str, category_id: int | None = None) -> bool:
    wanted = name.strip().casefold()
    return any(category.name.strip().casefold() == wanted for category in categories_of(event_id)
               if category.id != category_id)


def _next_position(event_id: int) -> int:
    last = db.session.scalar(select(func.max(ParticipantCategory.position))
                             .where(ParticipantCategory.event_id == event_id))
    return (last or 0) + 1


def add_presets(event: Event) -> int:
    """Add the meeting categories the event does not have yet (by key), their names and labels in each of
    its working languages the site's catalogue translates. Returns how many were added; a second call adds
    none."""
    languages = languages_of(event)
    existing = categories_of(event.id)
    keys, names = {category.key for category in existing}, {category.name.casefold() for category in existing}
    position, added = _next_position(event.id), 0
    for key, name, admission, colour, label, is_listed in PRESETS:
        if key in keys:
            continue
        texts = _in_languages(languages, name, label)
        if texts[languages[0]][0].casefold() in names:
            continue  # the organiser made one of that name already
        category = ParticipantCategory(event_id=event.id, key=key, position=position, admission=admission,
                                       badge_colour=colour, is_listed=is_listed, translations={})
        category.event = event
        set_translations(category, "name", {language: texts[language][0] for language in texts})
        set_translations(category, "badge_label", {language: texts[language][1] for language in texts})
        db.session.add(category)
        position, added = position + 1, added + 1
    try:
        db.session.commit()
    except IntegrityError:  # the same click in another tab added them a moment before
        db.session.rollback()
        return 0
    return added


def _in_languages(languages: list[str], name, label) -> dict[str, tuple[str, str]]:
    """{language: (name, label)}: the first language always (the catalogue's words, or the English ones),
    the others only where the catalogue has them, so that a missing one falls back rather than shows English."""
    with force_locale("en"):
        english = (str(name), str(label))
    texts = {}
    for index, language in enumerate(languages):
        with force_locale(site_locale(language)):
            words = (str(name), str(label))
        if index == 0 or language == "en" or words != english:
            texts[language] = words
    return texts


#: Band colours offered to a new category, in order: the presets' (Okabe–Ito, told apart by colour-blind
#: readers) but the Secretariat's grey, then a few more.
PALETTE = tuple(colour for _key, _name, _admission, colour, _label, _listed in PRESETS if colour != "#595959") + (
    "#117733", "#332288", "#AA4499", "#44AA99", "#999933", "#661100", "#6699CC", "#888888")


def unused_colour(event_id: int) -> str:
    """The first colour of PALETTE none of the event's categories has (the grey when all are taken)."""
    used = {category.badge_colour.upper() for category in categories_of(event_id)}
    return next((colour for colour in PALETTE if colour.upper() not in used), "#595959")


def presets_missing(event_id: int) -> int:
    """How many meeting categories add_presets would add (by key or English name)."""
    existing = categories_of(event_id)
    keys, names = {category.key for category in existing}, {category.name.casefold() for category in existing}
    return sum(1 for key, name, *_rest in PRESETS if key not in keys and str(name).casefold() not in names)


def add_category(event: Event, values: dict, translations: dict | None = None) -> ParticipantCategory:
    """`values` in the event's first language (name, admission, capacity, badge_colour, badge_label,
    is_listed); `translations`: {field: {language: text}} for the others. CategoryProblem on a name the
    event has already."""
    if _same_name(event.id, values["name"]):
        raise CategoryProblem(_same_name_message(), "name")
    category = ParticipantCategory(event_id=event.id, key=free_key(event.id, values["name"]),
                                   position=_next_position(event.id), translations={}, **values)
    category.event = event
    _translate(category, translations)
    db.session.add(category)
    try:
        db.session.commit()
    except IntegrityError as error:  # the same name (so the same key) saved in another tab a moment before
        db.session.rollback()
        raise CategoryProblem(_same_name_message(), "name") from error
    return category


def update_category(category: ParticipantCategory, values: dict, translations: dict | None = None) -> None:
    """The key stays as it was: filters and exports use it. A raised (or removed) place limit offers the
    freed places to the people waiting."""
    if _same_name(category.event_id, values["name"], category.id):
        raise CategoryProblem(_same_name_message(), "name")
    settings = places.lock(category.event_id) if _has_settings(category.event_id) else None
    for name, value in values.items():
        setattr(category, name, value)
    _translate(category, translations)
    if settings is not None:
        db.session.flush()
        upkeep(category.event, settings)
        fill_places(category.event, settings)
    db.session.commit()


def _has_settings(event_id: int) -> bool:
    return db.session.get(RegistrationSettings, event_id) is not None


def _same_name_message():
    return gettext("The event has a category of that name already: give this one another name.")


def _translate(category: ParticipantCategory, translations: dict | None) -> None:
    for field, texts in (translations or {}).items():
        set_translations(category, field, texts)


def delete_category(category: ParticipantCategory) -> None:
    """CategoryProblem while registrations (not cancelled ones) are in it: they would lose their badge band
    and place count. Questions asked of it no longer name it."""
    in_use = registrations_in(category)
    if in_use:
        # Not the table's "places taken": pending and waiting registrations count here too, and the message
        # says so, so that the two numbers do not seem to disagree.
        raise CategoryProblem(ngettext(
            "%(num)d registration (of any status but cancelled: confirmed, pending or waiting) is in this "
            "category: move it to another category (or cancel it) before removing the category.",
            "%(num)d registrations (of any status but cancelled: confirmed, pending or waiting) are in this "
            "category: move them to another category (or cancel them) before removing the category.", in_use))
    # The packages above that name the category (meetings: the delegations that nominate in it).
    for _receiver, reason in category_removing.send(current_app._get_current_object(), category=category):
        if reason:
            raise CategoryProblem(reason)
    for question in db.session.scalars(select(RegistrationQuestion)
                                       .where(RegistrationQuestion.event_id == category.event_id)):
        if category.id in (question.category_ids or []):
            question.category_ids = [item for item in question.category_ids if item != category.id]
    db.session.delete(category)
    db.session.commit()


def move_category(category: ParticipantCategory, step: int) -> None:
    """Swap the category with its neighbour above (step -1) or below (step 1)."""
    move_in_order(categories_of(category.event_id), category, step)
    db.session.commit()


def counts_by_category(event_id: int) -> dict[int, int]:
    """{category id: registrations holding a place in it}, in one query."""
    return dict(db.session.execute(
        select(Registration.category_id, func.count()).where(
            Registration.event_id == event_id, Registration.status.in_(HOLDING_A_PLACE),
            Registration.category_id.is_not(None)).group_by(Registration.category_id)).all())


def registrations_in(category: ParticipantCategory) -> int:
    """Registrations (any status but cancelled) in the category: what stops its removal."""
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.category_id == category.id, Registration.status != CANCELLED))

