"""organiser-written text in several languages: a `translations` column on every model that holds it

The existing text stays in its columns as the event's first working language (core.multilingual); an
event with no working language is given the site's default, English, so every event has a first language.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 18:40:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

TABLES = ('events', 'sessions', 'rooms', 'tracks', 'registration_settings', 'registration_questions',
          'survey_questions', 'booths')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('translations', sa.JSON(), nullable=False, server_default='{}'))
    events = sa.table('events', sa.column('id', sa.Integer), sa.column('working_languages', sa.JSON))
    connection = op.get_bind()
    for row in connection.execute(sa.select(events.c.id, events.c.working_languages)).all():
        languages = row.working_languages
        if isinstance(languages, str):  # some drivers hand JSON back as text
            languages = json.loads(languages)
        if not languages:
            connection.execute(events.update().where(events.c.id == row.id).values(working_languages=['en']))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('translations')
