"""Forms for booth material and its moderation. What a file holds is judged by showcase.materials, not here."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, ValidationError

from core.forms import INVALID_CHOICE, ConveneForm, at_most, strip_text

TITLE = _l("Title")
TITLE_HINT = _l("Visitors read it with the item, e.g. “Our 2024 recording sessions”.")
TITLE_MISSING = _l("Give it a title: visitors read it under the item.")
LINK = _l("Video link")
LINK_HINT = _l("A link to the video on YouTube or Vimeo. Visitors get the link; no player is embedded.")
REASON_MAX = 2000
REASON_REQUIRED = _l("Say why it is rejected: the beneficiary reads your reason to put it right.")
#: What the file picker offers first; the content decides what is accepted, whatever this lets through.
ACCEPT = "image/jpeg,image/png,image/webp,image/gif,application/pdf"


def _own_ids(form, prefix: str) -> None:
    """Give the form's fields ids of their own: it stands on a page beside other forms (names stay as they are)."""
    for field in form:
        field.id = f"{prefix}-{field.name}"
        field.label.field_id = field.id


class MaterialForm(ConveneForm):
    """A new item: an image, a PDF document or a video link (the choices are the kinds the fair takes)."""

    kind = RadioField(_l("What are you adding?"), validate_choice=False,
                      validators=[InputRequired(message=_l("Choose what you are adding."))])
    title = StringField(TITLE, filters=[strip_text], description=TITLE_HINT,
                        validators=[DataRequired(message=TITLE_MISSING), at_most(200)])
    file = FileField(_l("File (for an image or a PDF document)"),
                     description=_l("Images: JPEG, PNG, WebP or GIF. Documents: PDF."), render_kw={"accept": ACCEPT})
    link = StringField(LINK + " " + _l("(for a video)"), filters=[strip_text], description=LINK_HINT,
                       validators=[at_most(500)])
    submit = SubmitField(_l("Add to the booth"))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        _own_ids(self, "material")
        self.kind.choices = list(kinds)
        if self.kind.data is None and self.kind.choices:
            self.kind.data = self.kind.choices[0][0]


class MaterialEditForm(ConveneForm):
    """A change to an item: its title, a new file in place of the old one, or another video link."""

    title = StringField(TITLE, filters=[strip_text], description=TITLE_HINT,
                        validators=[DataRequired(message=TITLE_MISSING), at_most(200)])
    file = FileField(_l("Replace the file"), description=_l("Leave empty to keep the file you uploaded."),
                     render_kw={"accept": ACCEPT})
    link = StringField(LINK, filters=[strip_text], description=LINK_HINT, validators=[at_most(500)])
    submit = SubmitField(_l("Save the changes"))


class DecisionForm(ConveneForm):
    """An organiser's decision on one booth or one item of the moderation queue.

    `version` is what the organiser saw: a decision on something that changed since is refused.
    Several of these stand on one page, so each one's fields get ids of their own (`id_prefix`).
    """

    version = HiddenField()
    reason = TextAreaField(_l("Reason (required to reject; the beneficiary reads it)"), filters=[strip_text],
                           validators=[at_most(REASON_MAX)])
    approve = SubmitField(_l("Approve"))
    reject = SubmitField(_l("Reject"))

    def __init__(self, *args, id_prefix: str, **kwargs):
        super().__init__(*args, **kwargs)
        _own_ids(self, id_prefix)

    def validate_reason(self, field):
        if self.reject.data and not field.data:
            raise ValidationError(REASON_REQUIRED)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not (self.approve.data or self.reject.data):
            self.form_errors.append(INVALID_CHOICE)
            return False
        return valid
