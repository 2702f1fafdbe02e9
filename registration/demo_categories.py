"""Demo data: the Paris conference (registration.demo.CONFERENCE) as a meeting with the preset participant
categories, named in its working languages (English, French, Spanish), and its demo registrations put in
them. The demo loader calls `load`; running it again changes nothing."""
from sqlalchemy import select

from core.extensions import db
from core.multilingual import languages_of, set_translations
from events.models import Event
from registration import category_services
from registration.demo import CONFERENCE
from registration.models import Registration

#: preset key -> (French name, French band label, Spanish name, Spanish band label), written by hand so that
#: the demo reads right whatever the catalogues hold.
NAMES = {
    "member_state": ("Délégué·e d'un État membre", "État membre", "Delegado/a de un Estado Miembro", "Estado Miembro"),
    "observer_state": ("État observateur", "Observateur", "Estado observador", "Observador"),
    "igo": ("Organisation intergouvernementale", "OIG", "Organización intergubernamental", "OIG"),
    "ngo": ("Société civile / ONG", "ONG", "Sociedad civil / ONG", "ONG"),
    "ifcd": ("Bénéficiaire du FIDC", "FIDC", "Beneficiario/a del FIDC", "FIDC"),
    "expert": ("Expert·e", "Expert", "Experto/a", "Experto"),
    "speaker": ("Intervenant·e", "Intervenant", "Ponente", "Ponente"),
    "press": ("Presse", "Presse", "Prensa", "Prensa"),
    "secretariat": ("Secrétariat", "Secrétariat", "Secretaría", "Secretaría"),
}

#: Where the conference's demo people go: by e-mail first, then by their stakeholder group.
BY_EMAIL = {"beneficiary@convene.example": "ifcd", "sato.haruto@convene.example": "speaker"}
# Online registrations never go in a nomination-only category (Member State delegates and observer States are
# their delegations' members, nominated by a focal point): a government official who registered alone is an expert.
BY_GROUP = {"government": "expert", "civil_society": "ngo", "academia": "expert", "media": "press",
            "igo": "igo", "artist": "speaker", "private_sector": "ngo"}
#: Titles shown on the list of participants, for a few of them.
HONORIFICS = {"participant@convene.example": "Ms", "li.jing@convene.example": "Prof.",
              "olena.kovalenko@convene.example": "H.E. Ms", "beneficiary@convene.example": "Mr"}


def load(event: Event | None = None) -> str:
    """Give the conference (or `event`) the meeting categories and its registrations a category each.
    Returns what it did, for the demo loader's report."""
    event = event or db.session.scalar(select(Event).where(Event.slug == CONFERENCE))
    if event is None:
        return "demo categories: no conference to give them to"
    added = category_services.add_presets(event)
    categories = {category.key: category for category in category_services.categories_of(event.id)}
    for key, (fr_name, fr_label, es_name, es_label) in NAMES.items():
        category = categories.get(key)
        if category is None:
            continue
        # Only where nobody wrote one yet: an organiser's own wording stays.
        for field, texts in (("name", {"fr": fr_name, "es": es_name}), ("badge_label", {"fr": fr_label, "es": es_label})):
            missing = {language: text for language, text in texts.items()
                       if language in languages_of(event)
                       and not (category.translations or {}).get(language, {}).get(field)}
            if missing:
                set_translations(category, field, missing)
    placed = 0
    for registration in db.session.scalars(select(Registration).where(Registration.event_id == event.id,
                                                                      Registration.category_id.is_(None))):
        key = BY_EMAIL.get(registration.email) or BY_GROUP.get(registration.stakeholder_group or "", "expert")
        registration.category_id = categories[key].id
        registration.honorific = registration.honorific or HONORIFICS.get(registration.email, "")
        if categories[key].is_listed and registration.listing_consent_at is None:
            registration.listing_consent_at = registration.consented_at
        placed += 1
    db.session.commit()
    return f"demo categories: {added} categories added to {event.slug}, {placed} registrations placed in them"
