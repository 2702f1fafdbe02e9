"""The words of the showcase: kinds of beneficiary organisations and the cultural domains of projects."""
from flask_babel import lazy_gettext as _l

#: Who the International Fund for Cultural Diversity funds (Operational Guidelines, IFCD).
ORGANISATION_KINDS = {
    "public_body": _l("Party to the Convention / public body"),
    "ngo": _l("Non-governmental organisation (NGO)"),
    "ingo": _l("International non-governmental organisation (INGO)"),
}

#: The cultural domains of the 2005 Convention's periodic reports, which IFCD projects are tagged with.
CULTURAL_DOMAINS = {
    "audiovisual": _l("Cinema and audiovisual arts"),
    "design": _l("Design"),
    "media_arts": _l("Media arts"),
    "music": _l("Music"),
    "performing_arts": _l("Performing arts"),
    "publishing": _l("Publishing"),
    "visual_arts": _l("Visual arts"),
    "multidisciplinary": _l("Multidisciplinary"),
}

#: What a booth may keep of a visitor whose badge it scans (showcase.models.LEAD_FIELDS), as forms name it.
LEAD_FIELD_LABELS = {"full_name": _l("Name"), "organisation": _l("Organisation"), "job_title": _l("Job title"),
                     "email": _l("E-mail address"), "country": _l("Country"),
                     "stakeholder_group": _l("Stakeholder group")}
