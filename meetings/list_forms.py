"""The organiser's form on the list of participants' page."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from core.forms import ConveneForm


class ListPublishingForm(ConveneForm):
    publishes_list = BooleanField(_l("Publish the list on the event's page"),
                                  description=_l("Visitors see the names, honorifics, functions, organisations and "
                                                 "Parties of the people listed; never their e-mail addresses."))
