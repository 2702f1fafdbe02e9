"""events.search_text for the event search

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 18:35:00.000000

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

FIELDS = ("title", "summary", "description", "venue_name", "venue_address")


def _search_key(*texts):
    # A copy of core.search.search_key as it is today: a migration must not change when the code does.
    decomposed = unicodedata.normalize("NFKD", " ".join(text for text in texts if text).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))

    events = sa.table('events', sa.column('id', sa.Integer), sa.column('search_text', sa.Text),
                      *[sa.column(name, sa.Text) for name in FIELDS])
    connection = op.get_bind()
    for row in connection.execute(sa.select(events.c.id, *[events.c[name] for name in FIELDS])):
        connection.execute(events.update().where(events.c.id == row.id)
                           .values(search_text=_search_key(*[row[index + 1] for index in range(len(FIELDS))])))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('search_text')
