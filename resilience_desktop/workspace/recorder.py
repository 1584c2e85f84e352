"""The one way a workspace is written: a transaction, its change-log rows, events after the commit.

Every part of :class:`~resilience_desktop.workspace.facade.Workspace` (cities, assessments,
evidence, layers, hazards, …) is handed the same :class:`Recorder` and writes only through
:meth:`Recorder.write`::

    with recorder.write() as w:
        w.execute("UPDATE cities SET name = ? WHERE id = ?", (name, city_id))
        w.log(Entity.CITY, city_id, "name", old, name)
        w.emit(ChangeEvent(Entity.CITY, city_id, fields=("name",)))

The rows and the change-log rows commit together or not at all; the events reach subscribers
only after the commit (after the outermost :meth:`Recorder.batch`), and never after a rollback.
A subscriber may ask for only the entities it shows (``subscribe(cb, entities={Entity.LAYER})``).
"""

from __future__ import annotations

__all__ = ["Entity", "ChangeEvent", "Recorder", "Write", "Listener"]

import contextlib
import sqlite3
from typing import Any, Callable, Collection, Iterator

from ..store import Database
from .common import new_id, now
from .records import ChangeEvent, Entity

#: What :meth:`Recorder.subscribe` calls with each committed change.
Listener = Callable[[ChangeEvent], None]


class Write:
    """One open write: the connection of its transaction, its change-log rows and its events."""

    def __init__(self, conn: sqlite3.Connection, user: str, events: list[ChangeEvent]):
        self.conn = conn
        self._user = user
        self._events = events

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)

    def log(self, entity: Entity | str, entity_id: str, field: str, old: Any, new: Any,
            assessment_id: str | None = None, question_id: str | None = None) -> None:
        """Append one row to the change log (values are stored as text; ``None`` stays NULL).

        ``entity`` is usually an :class:`Entity`; a few log rows name finer things than the
        events do (``"loss_import"`` rows under a ``LOSSES`` event, ``"meta"`` keys).
        """
        self.conn.execute(
            "INSERT INTO change_log (id, at, who, entity, entity_id, assessment_id, question_id,"
            " field, old_value, new_value) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (new_id(), now(), self._user, str(entity), entity_id, assessment_id, question_id, field,
             None if old is None else str(old), None if new is None else str(new)))

    def emit(self, event: ChangeEvent) -> None:
        """Tell subscribers about ``event`` once this write (and any batch around it) commits."""
        self._events.append(event)


class Recorder:
    """Transactions, the change log and change events of one open workspace.

    Parameters
    ----------
    database
        The open workspace database.
    user
        Who is editing, as the change log records it (:attr:`user` may change while open).
    """

    def __init__(self, database: Database, user: str):
        self.database = database
        self.user = user
        self._listeners: list[tuple[Listener, frozenset[Entity] | None]] = []
        self._deferred: list[ChangeEvent] | None = None

    # ------------------------------------------------------------ listeners
    def subscribe(self, callback: Listener, entities: Collection[Entity | str] | None = None
                  ) -> Callable[[], None]:
        """Call ``callback(event)`` after every committed change (only of ``entities`` when given).

        Returns a function that unsubscribes.
        """
        wanted = None if entities is None else frozenset(Entity(e) for e in entities)
        entry = (callback, wanted)
        self._listeners.append(entry)

        def unsubscribe() -> None:
            if entry in self._listeners:
                self._listeners.remove(entry)
        return unsubscribe

    def _deliver(self, events: list[ChangeEvent]) -> None:
        for event in events:
            for callback, wanted in list(self._listeners):
                if wanted is None or event.entity in wanted:
                    callback(event)

    def emit(self, event: ChangeEvent) -> None:
        """Tell subscribers about a change already committed (or, inside a batch, after the batch)."""
        if self._deferred is not None:
            self._deferred.append(event)
        else:
            self._deliver([event])

    # ------------------------------------------------------------ writing
    @contextlib.contextmanager
    def write(self) -> Iterator[Write]:
        """One transaction with its change-log rows; its events go out after the commit.

        Inside :meth:`batch` the transaction is a savepoint and the events wait for the batch.
        An exception rolls everything back and drops the events.
        """
        events: list[ChangeEvent] = []
        with self.database.transaction() as conn:
            yield Write(conn, self.user, events)
        for event in events:
            self.emit(event)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Make every write inside the block one transaction: all of it is saved, or none.

        Subscribers hear of the changes after the commit; after a rollback they hear nothing.
        """
        if self._deferred is not None:  # already batching: the outer batch decides
            yield
            return
        self._deferred = []
        try:
            with self.database.transaction():
                yield
            events, self._deferred = self._deferred, None
        except BaseException:
            self._deferred = None
            raise
        self._deliver(events)

    def soft_remove(self, table: str, row_id: str, removed: bool, event: ChangeEvent, *,
                    entity: Entity | str | None = None, old: Any = None,
                    assessment_id: str | None = None, question_id: str | None = None) -> bool:
        """Hide a row (set ``removed_at``) or bring it back; return whether anything changed.

        The change log gets one ``removed``/``restored`` row for ``entity`` (the event's entity
        unless given) with ``old`` as its old value, and subscribers get ``event``. A row already
        in the asked state is left alone (no log row, no event).
        """
        cond = "removed_at IS NULL" if removed else "removed_at IS NOT NULL"
        if not self.database.query(f"SELECT 1 FROM {table} WHERE id = ? AND {cond}", (row_id,)):
            return False
        with self.write() as w:
            w.execute(f"UPDATE {table} SET removed_at = ? WHERE id = ?", (now() if removed else None, row_id))
            w.log(entity if entity is not None else event.entity, row_id, "removed" if removed else "restored",
                  old, None, assessment_id, question_id)
            w.emit(event)
        return True
