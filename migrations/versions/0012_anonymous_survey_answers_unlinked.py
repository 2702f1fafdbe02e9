"""anonymous surveys: responses keep no day, and nothing orders them as the invitations were answered

An anonymous response's `submitted_on` was the day its invitation's `answered_on` also kept: joining the two
named whoever was the only one to answer on a day. The column may now be empty, and is emptied for every
anonymous survey. On SQLite the responses and answers are rebuilt without a rowid (it counts up in the order
the rows were written, so in the order people answered); on PostgreSQL they are rewritten in this
migration's transaction, so that they all carry its stamp (xmin) rather than the one they were answered in.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 15:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

ANONYMOUS_RESPONSES = "SELECT id FROM survey_responses WHERE survey_id IN (SELECT id FROM surveys WHERE is_anonymous)"


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table('survey_responses', schema=None, recreate="always" if sqlite else "auto",
                              table_kwargs={"sqlite_with_rowid": False}) as batch_op:
        batch_op.alter_column('submitted_on', existing_type=sa.Date(), nullable=True)
    op.execute(f"UPDATE survey_responses SET submitted_on = NULL WHERE id IN ({ANONYMOUS_RESPONSES})")
    if sqlite:
        with op.batch_alter_table('survey_answers', schema=None, recreate="always",
                                  table_kwargs={"sqlite_with_rowid": False}) as batch_op:
            pass
    else:
        op.execute(f"UPDATE survey_answers SET score = score WHERE response_id IN ({ANONYMOUS_RESPONSES})")


def downgrade():
    # The days emptied are not known any more: the anonymous responses all take today's (the same for all of
    # them, so that the link is not made again). The tables keep no rowid: that harms nothing.
    op.execute("UPDATE survey_responses SET submitted_on = CURRENT_DATE WHERE submitted_on IS NULL")
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.alter_column('submitted_on', existing_type=sa.Date(), nullable=False)
