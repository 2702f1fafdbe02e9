"""Direction controls left open in a text are closed where the text ends.

Forms refuse embeddings, overrides and isolates (core.forms.DIRECTION_CONTROLS), but text also arrives
otherwise (imports, the API, older rows). An isolate opened in a name and left open (U+2067 RLI) is not
closed by the <bdi> around the name in Chromium: it takes the <bdi>'s own end as its end, and the rest of
the line (" · " and an e-mail address) is drawn inside it, backwards. So every value a template writes
goes through `balanced` (the Jinja environment's finalize): a stray closer is dropped, and closers for
what is still open are added at the end. Text without these characters is returned as it is.
"""
import re

from markupsafe import Markup

_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE, RLE, LRO, RLO: closed by PDF
_ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI: closed by PDI
PDF, PDI = "\u202c", "\u2069"


def balanced(text: str) -> str:
    if not _CONTROLS.search(text):
        return text
    out, open_ = [], []
    for char in text:
        if char in _EMBEDDINGS or char in _ISOLATES:
            open_.append(char)
        elif char == PDF:
            if not open_ or open_[-1] not in _EMBEDDINGS:
                continue  # closes nothing (a PDF does not reach past an isolate)
            open_.pop()
        elif char == PDI:
            if not any(opened in _ISOLATES for opened in open_):
                continue
            while open_.pop() not in _ISOLATES:  # a PDI also closes the embeddings inside its isolate
                pass
        out.append(char)
    out += [PDI if opened in _ISOLATES else PDF for opened in reversed(open_)]
    return "".join(out)


def finalize(value):
    """Jinja's finalize: every {{ value }} a template writes, its direction controls balanced."""
    if isinstance(value, str) and _CONTROLS.search(value):
        # Markup stays Markup: the controls added are text, nothing to escape.
        return Markup(balanced(str(value))) if isinstance(value, Markup) else balanced(value)
    return value
