"""users.search_text for the people search

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 10:00:00.000000

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def _search_key(*texts):
    # A copy of core.search.search_key as it is today: a migration must not change when the code does.
    decomposed = unicodedata.normalize("NFKD", " ".join(text for text in texts if text).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def upgrade():
    # No index: the search is "contains" (LIKE '%…%'), which a B-tree index cannot serve.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))

    users = sa.table('users', sa.column('id', sa.Integer), sa.column('full_name', sa.String),
                     sa.column('email', sa.String), sa.column('organisation', sa.String),
                     sa.column('search_text', sa.Text))
    connection = op.get_bind()
    for row in connection.execute(sa.select(users.c.id, users.c.full_name, users.c.email, users.c.organisation)):
        connection.execute(users.update().where(users.c.id == row.id)
                           .values(search_text=_search_key(row.full_name, row.email, row.organisation)))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('search_text')
