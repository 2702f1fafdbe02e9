"""Counting SQL statements: the tests' guard against N+1 pages, and the benchmarks' query counts."""
from sqlalchemy import event


class QueryCounter:
    """`with QueryCounter(engine) as counter: ...` then `counter.count` statements were sent."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def _count(self, *args):
        self.count += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)
