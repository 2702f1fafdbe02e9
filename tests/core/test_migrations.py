"""The migrations are the only way the schema is made: they must build exactly the models' schema."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
import warnings

import pytest
from sqlalchemy import inspect, text

from core.extensions import db
from factory import create_app
from tests.conftest import create_pg_database, drop_pg_database, make_config, release_database


#: Indexes on expressions, which autogenerate skips: the migrations must make them all the same.
EXPRESSION_INDEXES = {"uq_checkins_standing"}


def index_names(connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        return set(connection.scalars(text("SELECT name FROM sqlite_master WHERE type = 'index'")))
    return set(connection.scalars(text("SELECT indexname FROM pg_indexes")))


def round_trip(url):
    app = create_app(make_config(url))
    with app.app_context():
        try:
            upgrade()
            with db.engine.connect() as connection, warnings.catch_warnings():
                # Autogenerate cannot compare indexes on expressions: those are checked by name below.
                warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
                warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression-based index")
                diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                        db.metadata)
                assert diff == [], f"models and migrations differ: {diff}"
                assert EXPRESSION_INDEXES <= index_names(connection)
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            upgrade()
            assert {"users", "user_roles", "outbox_messages"} <= set(inspect(db.engine).get_table_names())
        finally:
            release_database()


def test_migrations_match_the_models_and_run_both_ways_on_sqlite(tmp_path):
    round_trip(f"sqlite:///{tmp_path}/migrations.db")


@pytest.mark.pg_only
def test_migrations_match_the_models_and_run_both_ways_on_postgresql():
    url = create_pg_database("convene_migrations")
    try:
        round_trip(url)
    finally:
        drop_pg_database(url)
