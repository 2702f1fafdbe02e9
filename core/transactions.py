"""Work that waits for the database transaction under way to commit: the one place that knows about savepoints.

What is queued belongs to the innermost transaction level open at the time: a savepoint that rolls back forgets
what was queued inside it (and only that), one that is released hands it to the level around it, and only the
outermost commit runs it. SQLAlchemy's own events cannot be used directly for this: `after_commit` also fires
when a savepoint is released (the outer transaction may still roll back) and `after_rollback` when one rolls
back (what was queued before the savepoint must still happen).
"""
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

_QUEUES = "after_commit_queues"
_handlers: dict[str, Callable[[list], None]] = {}


def handler(kind: str):
    """Register the function that receives, once committed, the list of what was queued under `kind`."""
    def register(function):
        _handlers[kind] = function
        return function
    return register


def run_after_commit(session: Session, kind: str, item) -> None:
    """Queue `item` for `kind`'s handler, to run once the outermost transaction commits."""
    level = session.get_nested_transaction() or session.get_transaction() or session.begin()
    queues = session.info.setdefault(_QUEUES, {})
    queues.setdefault(level, {}).setdefault(kind, []).append(item)


def _level_around(transaction: SessionTransaction) -> SessionTransaction:
    level = transaction.parent
    while level.parent is not None and not level.nested:  # an inner transaction of a flush
        level = level.parent
    return level


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    # Fired for the outermost commit and for each savepoint released; the level committing is still open.
    level = session.get_nested_transaction() or session.get_transaction()
    queued = session.info.get(_QUEUES, {}).pop(level, None)
    if not queued:
        return
    if level.nested:
        outer = session.info[_QUEUES].setdefault(_level_around(level), {})
        for kind, items in queued.items():
            outer.setdefault(kind, []).extend(items)
        return
    for kind, items in queued.items():
        _handlers[kind](items)


@event.listens_for(Session, "after_transaction_end")
def _forget_what_did_not_commit(session, transaction):
    # Whatever a level still holds when it ends was not committed (rolled back, or the session closed).
    queues = session.info.get(_QUEUES)
    if queues:
        queues.pop(transaction, None)
        if transaction.parent is None:
            queues.clear()
