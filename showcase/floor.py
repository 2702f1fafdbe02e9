"""A fair's floor plan: zones of numbered places, from which showcase.floor_plan draws the plan."""
from sqlalchemy import func, select

from core.extensions import db
from showcase.booths import release_places
from showcase.models import BoothPlace, FloorZone

MAX_PLACES = 200


class CodeTaken(ValueError):
    """Another zone of the fair numbers its places with the same letters."""


def add_zone(event, name: str, code: str, places: int, columns: int) -> FloorZone:
    """A zone whose places are numbered code1…code<places>. CodeTaken if the letters are in use. Commits."""
    if db.session.scalar(select(FloorZone.id).where(FloorZone.event_id == event.id, FloorZone.code == code)):
        raise CodeTaken(code)
    position = db.session.scalar(select(func.coalesce(func.max(FloorZone.position), -1))
                                 .where(FloorZone.event_id == event.id)) + 1
    zone = FloorZone(event_id=event.id, name=name, code=code, columns=columns, position=position,
                     places=[BoothPlace(number=number) for number in range(1, places + 1)])
    db.session.add(zone)
    db.session.commit()
    return zone


def resize_zone(zone: FloorZone, name: str, places: int, columns: int) -> None:
    """Rename the zone, change its row length, add or remove places at its end (booths standing at a
    removed place leave the floor). Commits."""
    zone.name, zone.columns = name, columns
    numbers = {place.number: place for place in zone.places}
    gone = [place for number, place in numbers.items() if number > places]
    release_places([place.id for place in gone])
    for place in gone:
        zone.places.remove(place)
    for number in range(1, places + 1):
        if number not in numbers:
            zone.places.append(BoothPlace(number=number))
    db.session.commit()


def remove_zone(zone: FloorZone) -> None:
    release_places([place.id for place in zone.places])
    db.session.delete(zone)
    db.session.commit()
