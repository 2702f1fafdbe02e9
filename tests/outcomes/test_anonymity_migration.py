"""Migration 0012 unlinks the anonymous answers already stored: their day goes, the named surveys' stays."""
from flask_migrate import upgrade
from sqlalchemy import text

from core.extensions import db
from factory import create_app
from tests.conftest import make_config, release_database


def test_migration_0012_empties_the_day_of_anonymous_answers_only(tmp_path):
    app = create_app(make_config(f"sqlite:///{tmp_path}/unlink.db"))
    with app.app_context():
        try:
            upgrade(revision="0011")
            with db.engine.begin() as connection:
                connection.execute(text("PRAGMA foreign_keys = OFF"))
                connection.execute(text(
                    "INSERT INTO surveys (id, event_id, kind, is_anonymous, is_enabled, created_at) VALUES "
                    "(1, 1, 'feedback', 1, 1, '2026-11-01 00:00:00'), (2, 1, 'follow_up', 0, 1, '2026-11-01 00:00:00')"))
                connection.execute(text(
                    "INSERT INTO survey_responses (id, survey_id, registration_id, submitted_on) VALUES "
                    "('a1', 1, NULL, '2026-11-20'), ('a2', 1, NULL, '2026-11-21'), ('n1', 2, 7, '2026-11-22')"))
                connection.execute(text(
                    "INSERT INTO survey_answers (response_id, question_id, score, text) VALUES ('a1', 1, 4, '')"))
            upgrade(revision="0012")
            with db.engine.connect() as connection:
                days = dict(connection.execute(text("SELECT id, submitted_on FROM survey_responses")).all())
                assert days == {"a1": None, "a2": None, "n1": "2026-11-22"}
                assert connection.execute(text("SELECT score FROM survey_answers")).scalars().all() == [4]
        finally:
            release_database()
