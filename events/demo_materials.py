"""Demo materials of the programme: slides (small, real PDFs made with core.pdf), a recording on a known video
host and links on a dozen sessions, most of them public, in the finished Bangkok workshop, the Paris
conference and the Nairobi deep dive; one for registered participants only, and one speaker's upload
waiting hidden for the organisers to publish it. Bangkok's speakers are added here, one with an e-mail
address (for the personal upload links). Idempotent: an event that has materials is left alone."""
from html import escape

from sqlalchemy import exists, select

from core import uploads
from core.extensions import db
from core.pdf import html_to_pdf
from events.materials import FOLDER
from events.models import (DOCUMENT, LINK, MATERIAL_HIDDEN, MATERIAL_PUBLIC, MATERIAL_REGISTERED, RECORDING,
                           Event, ProgrammeMaterial, Session, SessionSpeaker, Speaker)
from events.services import touch

BANGKOK = "regional-workshop-cultural-statistics-bangkok"
PARIS = "global-forum-cultural-policies-2027"
NAIROBI = "deep-dive-music-policy-nairobi-2027"

#: Bangkok's speakers: (name, affiliation, country, e-mail), and the sessions (by position) each speaks in.
BANGKOK_SPEAKERS = [
    ("Somchai Wongsakul", "National Statistical Office of Thailand", "TH", "s.wongsakul@nso.example", (0, 2, 4)),
    ("Mele Tupou", "Pacific Arts Alliance", "TO", "", (1, 3)),
    ("Lakshmi Narayanan", "UNESCO Institute for Statistics", "IN", "", (1, 5)),
]

#: Per event: (session position in start order, or None for the whole event; kind; title; language; visibility;
#: slide lines for a document, or the address of a recording or a link; uploaded by this speaker, if any).
MATERIALS = {
    BANGKOK: [
        (0, DOCUMENT, "Slides: why measure culture?", "en", MATERIAL_PUBLIC,
         ["Why measure culture?", "What policy makers ask for", "What statistics offices already collect"], None),
        (1, DOCUMENT, "Slides: the UNESCO Framework for Cultural Statistics", "en", MATERIAL_PUBLIC,
         ["The Framework for Cultural Statistics", "Cultural domains and related domains",
          "Exercise: placing your country's surveys in the domains"], None),
        (1, RECORDING, "Recording of the hands-on session", "en", MATERIAL_PUBLIC,
         "https://www.youtube.com/watch?v=M7lc1UVf-VE", None),
        (2, DOCUMENT, "Thailand's survey of cultural participation", "en", MATERIAL_PUBLIC,
         ["Survey of cultural participation 2025", "Sample and method", "First results by region"], None),
        (3, DOCUMENT, "Workbook: a satellite account for culture (participants only)", "en", MATERIAL_REGISTERED,
         ["Satellite account for culture: workbook", "Supply and use tables", "Exercises"], None),
        (4, DOCUMENT, "Draft slides: reporting on the Convention with data", "en", MATERIAL_HIDDEN,
         ["Reporting on the 2005 Convention with data", "Indicators in the periodic reports"],
         "Somchai Wongsakul"),
        (None, LINK, "The 2005 Convention and its monitoring framework", "en", MATERIAL_PUBLIC,
         "https://www.unesco.org/creativity/en", None),
    ],
    PARIS: [
        (0, RECORDING, "Recording of the opening plenary", "en", MATERIAL_PUBLIC, "https://vimeo.com/76979871",
         None),
        (0, DOCUMENT, "Opening address", "en", MATERIAL_PUBLIC,
         ["Twenty years of the 2005 Convention", "What Parties have changed", "What comes next"], None),
        (1, DOCUMENT, "Slides: public funding models for the arts", "en", MATERIAL_PUBLIC,
         ["Public funding models for the arts", "Arm's-length councils", "Matching funds and tax relief"], None),
        (2, DOCUMENT, "Diapositives : plateformes numériques et contenus locaux", "fr", MATERIAL_PUBLIC,
         ["Plateformes numériques et contenus locaux", "Quotas et découvrabilité"], None),
        (3, LINK, "Culture in the national development plans: country briefs", "en", MATERIAL_PUBLIC,
         "https://www.unesco.org/creativity/en/policy-monitoring-platform", None),
        (4, DOCUMENT, "Slides: protecting artists at risk", "en", MATERIAL_PUBLIC,
         ["Protecting artists at risk", "Safe havens and residencies"], None),
    ],
    NAIROBI: [
        (0, DOCUMENT, "Slides: fair remuneration for musicians", "en", MATERIAL_PUBLIC,
         ["Fair remuneration for musicians", "Collective management in Kenya", "Streaming revenue"], None),
    ],
}


def slides_pdf(title: str, lines: list[str]) -> bytes:
    """A few slides, one page each: a small, real PDF."""
    pages = "".join(f'<section style="break-before: page"><h1>{escape(line)}</h1><p>{escape(title)}</p></section>'
                    for line in lines)
    return html_to_pdf("<!doctype html><html><head><style>@page { size: A4 landscape; margin: 2cm } "
                       "h1 { font-size: 32pt }</style></head><body>" + pages + "</body></html>")


def _bangkok_speakers(event: Event, sessions: list[Session]) -> None:
    if event.speakers:
        return
    for name, affiliation, country, email, positions in BANGKOK_SPEAKERS:
        speaker = Speaker(name=name, affiliation=affiliation, country=country, email=email,
                          bio=f"{name} works at {affiliation}.")
        event.speakers.append(speaker)
        for position in positions:
            if position < len(sessions):
                session = sessions[position]
                session.speaker_links.append(SessionSpeaker(speaker=speaker, position=len(session.speaker_links)))
    db.session.flush()


def _add(event: Event, sessions: list[Session], specs) -> int:
    speakers = {speaker.name: speaker for speaker in event.speakers}
    added = 0
    for order, (position, kind, title, language, visibility, content, uploader) in enumerate(specs, start=1):
        if position is not None and position >= len(sessions):
            continue
        material = ProgrammeMaterial(event_id=event.id, session_id=sessions[position].id if position is not None
                                     else None, kind=kind, title=title, language=language, visibility=visibility,
                                     position=order, translations={},
                                     speaker_id=speakers[uploader].id if uploader in speakers else None)
        if kind == DOCUMENT:
            data = slides_pdf(title, content)
            material.file_name, material.file_size = uploads.store(data, FOLDER, "pdf"), len(data)
        else:
            material.url = content
        db.session.add(material)
        added += 1
    return added


def load():
    added = 0
    for slug, specs in MATERIALS.items():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        if event is None or db.session.scalar(select(exists().where(ProgrammeMaterial.event_id == event.id))):
            continue
        sessions = sorted((session for session in event.sessions if session.session_type != "break"),
                          key=lambda session: (session.starts_at, session.id))
        if slug == BANGKOK:
            _bangkok_speakers(event, sessions)
        added += _add(event, sessions, specs)
        touch(event)
    db.session.commit()
    yield f"demo programme materials: {added} added"
