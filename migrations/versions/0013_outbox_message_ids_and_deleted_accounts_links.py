"""outbox: one Message-ID per message, and which messages wait only for the SMTP server to be back;
the personal links of accounts deleted before: unanswered survey links voided, agenda feeds removed

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 15:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    # Messages queued before this revision get their Message-ID at their next attempt, and keep it.
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('waits_for_server', sa.Boolean(), server_default=sa.false(), nullable=False))

    # Accounts deleted before their links went with them (outcomes.surveys.forget, registration.privacy):
    # an unanswered survey link would let whoever holds the e-mail answer in the anonymised person's name.
    # "void-<id>" is no SHA-256 of any code (as outcomes.surveys.void_hash).
    op.execute("UPDATE survey_invitations SET token_hash = 'void-' || CAST(id AS VARCHAR(20)) "
               "WHERE answered_on IS NULL AND registration_id IN "
               "(SELECT id FROM registrations WHERE email LIKE 'deleted-%@deleted.invalid')")
    op.execute("DELETE FROM agenda_feeds WHERE user_id NOT IN (SELECT id FROM users)")


def downgrade():
    # The voided links and removed feeds stay so: they belonged to accounts that no longer exist.
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('waits_for_server')
        batch_op.drop_column('message_id')
