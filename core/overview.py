"""What the packages above contribute to pages a lower package owns: the organiser's overview of an event
(figures and a to-do list) and a logged-in person's home page. The owner sends a core.signals signal;
each package answers with these, and the page shows them in `order`, whoever answered first."""
from dataclasses import dataclass, field

from flask import current_app


@dataclass
class Figure:
    """A number on the overview, with the page where it is worked on (filtered where it can be)."""
    label: str
    value: int
    url: str | None = None
    #: Shown as "value of total" (registrations against the places), when there is one.
    total: int | None = None
    #: Something is wrong when it is not zero (mails that failed): drawn as a warning.
    is_problem: bool = False
    order: int = 0


@dataclass
class Task:
    """Something left for the organisers to do, with the page where it is done."""
    text: str
    url: str | None = None
    order: int = 0


@dataclass
class HomeSection:
    """A list on a person's home page: `template` (under templates/) shows `items`."""
    title: str
    template: str
    items: list = field(default_factory=list)
    order: int = 0


def gather(signal, **kwargs) -> list:
    """Every receiver's answer to `signal`, in one list sorted by `order`."""
    parts = [part for _, answer in signal.send(current_app._get_current_object(), **kwargs) for part in answer or ()]
    return sorted(parts, key=lambda part: part.order)
