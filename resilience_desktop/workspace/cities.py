"""The cities of a workspace (``ws.cities``): add, edit, list.

Every value is checked by :func:`check_city` before anything is written; the command line
calls it too, before it opens a workspace for writing.
"""

from __future__ import annotations

__all__ = ["Cities", "check_city", "check_not_twice", "name_key", "same_city", "KeyMaker"]

import json
import re
from typing import Any, Callable

from ..errors import InvalidInputError, NotFoundError
from ..i18n.names import name_key, same_place
from ..i18n.catalog import tr
from ..safety.validate import MAX_AREA_KM2, MAX_POPULATION, check_number, check_optional_text, check_text
from ..store import Database
from .common import new_id, now
from .limits import MAX_CITY_NAME, MAX_REGION, check_finite, check_length
from .recorder import Recorder, Write
from .records import ChangeEvent, City, Entity

_ISO2 = re.compile(r"^[A-Z]{2}$")
#: Makes a signing key pair: ``(private, public, key_id)`` (see :meth:`Cities.key_pair`).
KeyMaker = Callable[[], tuple[bytes, bytes, str]]


def same_city(city: City, name: str, country: str | None, region: str | None) -> bool:
    """Whether ``city`` is the city so named: the same name and country, and no other region."""
    return city.country == country and same_place(city.name, city.region, name, region)


def check_not_twice(cities: list[City], name: str, country: str, region: str | None) -> None:
    """Refuse a city that ``cities`` already holds (:func:`same_city`), naming the one there: a second
    "Каракол" of the same country and region splits its assessments and helps no one."""
    for c in cities:
        if same_city(c, name, country.strip().upper(), region):
            raise InvalidInputError(tr("{name} ({country}) is already in the workspace as {city_id}; nothing was "
                                       "added", name=c.name, country=c.country, city_id=c.id))


def check_city(*, name: str, country: str, region: str | None, population: int | None,
               area_km2: float | None, lon: float | None, lat: float | None) -> dict[str, Any]:
    """The city's fields as stored (trimmed, the country upper-cased); one clear error otherwise."""
    name = check_text(name or "", tr("the city name")).strip()
    if not name:
        raise InvalidInputError(tr("a city needs a name"))
    check_length(tr("the city name"), name, MAX_CITY_NAME)
    check_length(tr("the region"), region, MAX_REGION)
    for label, number in ((tr("the area"), area_km2), (tr("the longitude"), lon), (tr("the latitude"), lat)):
        check_finite(label, number)
    check_text(country or "", "country", limit=8)
    check_optional_text(region, "region")
    for field_, value, low, high in (("population", population, 0, MAX_POPULATION),
                                     ("area", area_km2, 0, MAX_AREA_KM2), ("longitude", lon, -180, 180),
                                     ("latitude", lat, -90, 90)):
        if value is not None:
            check_number(value, field_, low=low, high=high, integer=field_ == "population")
    country = (country or "").strip().upper()
    if not _ISO2.match(country):
        raise InvalidInputError(tr("country must be a two-letter ISO code such as KG or UZ, not {country!r}",
                                   country=country))
    if population is not None and (not isinstance(population, int) or population < 0):
        raise InvalidInputError(tr("population must be a whole number of 0 or more"))
    if area_km2 is not None and not (area_km2 > 0):
        raise InvalidInputError(tr("area must be more than 0 km²"))
    if (lon is None) != (lat is None):
        raise InvalidInputError(tr("give both longitude and latitude, or neither"))
    if lon is not None and lat is not None and not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidInputError(tr("longitude must be within -180..180 and latitude within -90..90"))
    return {"name": name, "country": country, "region": (region or "").strip() or None,
            "population": population, "area_km2": area_km2, "lon": lon, "lat": lat}


class Cities:
    """The cities assessed in a workspace.

    Parameters
    ----------
    database
        The open workspace database (reads).
    recorder
        Writes: transaction, change log, events (``Entity.CITY``).
    """

    def __init__(self, database: Database, recorder: Recorder):
        self._db = database
        self._recorder = recorder

    def add(self, name: str, country: str, *, region: str | None = None, population: int | None = None,
            area_km2: float | None = None, lon: float | None = None, lat: float | None = None) -> str:
        """Add a city; return its id."""
        values = check_city(name=name, country=country, region=region, population=population,
                            area_km2=area_km2, lon=lon, lat=lat)
        cid, at = new_id(), now()
        with self._recorder.write() as w:
            w.execute(
                "INSERT INTO cities (id, name, country, region, population, area_km2, lon, lat, created_at, updated_at)"
                " VALUES (:id, :name, :country, :region, :population, :area_km2, :lon, :lat, :now, :now)",
                {**values, "id": cid, "now": at})
            w.log(Entity.CITY, cid, "created", None, json.dumps(values, ensure_ascii=False))
            w.emit(ChangeEvent(Entity.CITY, cid, fields=("created",)))
        return cid

    def update(self, city_id: str, /, **fields: Any) -> None:
        """Change any of the city's fields (the others stay); nothing happens when none differs."""
        old = self.get(city_id)
        merged = {**old.to_json(), **fields}
        merged.pop("id")
        values = check_city(**merged)
        changed = {k: v for k, v in values.items() if getattr(old, k) != v}
        if not changed:
            return
        with self._recorder.write() as w:
            sets = ", ".join(f"{k} = :{k}" for k in changed)
            w.execute(f"UPDATE cities SET {sets}, updated_at = :now WHERE id = :id",
                      {**changed, "now": now(), "id": city_id})
            for k, v in changed.items():
                w.log(Entity.CITY, city_id, k, getattr(old, k), v)
            w.emit(ChangeEvent(Entity.CITY, city_id, fields=tuple(changed)))

    def all(self) -> list[City]:
        return [_city(r) for r in self._db.query("SELECT * FROM cities ORDER BY name COLLATE NOCASE")]

    def get(self, city_id: str) -> City:
        rows = self._db.query("SELECT * FROM cities WHERE id = ?", (city_id,))
        if not rows:
            raise NotFoundError(tr("no city with id {city_id!r}", city_id=city_id))
        return _city(rows[0])

    def key_pair(self, city_id: str, make: KeyMaker, *, write: Write | None = None) -> tuple[bytes, bytes]:
        """The city's signing key pair as ``(private, public)`` raw bytes; made by ``make()`` and
        kept now if the city has none.

        ``make`` returns ``(private, public, key_id)`` (the bundle package makes Ed25519 keys).
        Inside ``write`` (an export's transaction) the new key commits, or not, with it. The
        private key stays in the workspace; no change-log row (a key is not part of the history).
        """
        self.get(city_id)
        if write is None:
            with self._recorder.write() as w:
                return self.key_pair(city_id, make, write=w)
        row = write.execute("SELECT private_key, public_key FROM city_keys WHERE city_id = ?", (city_id,)).fetchone()
        if row is not None:
            return bytes(row[0]), bytes(row[1])
        private, public, kid = make()
        write.execute("INSERT INTO city_keys (city_id, private_key, public_key, key_id, created_at) VALUES (?,?,?,?,?)",
                      (city_id, private, public, kid, now()))
        return private, public

    def public_key(self, city_id: str) -> bytes | None:
        """The city's stored public key (raw bytes), or ``None`` before its first export."""
        self.get(city_id)
        rows = self._db.query("SELECT public_key FROM city_keys WHERE city_id = ?", (city_id,))
        return bytes(rows[0]["public_key"]) if rows else None


def _city(r: dict[str, Any]) -> City:
    return City(r["id"], r["name"], r["country"], r["region"], r["population"], r["area_km2"], r["lon"], r["lat"])
