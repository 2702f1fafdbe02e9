"""registration settings: whether the event's pages show how many places are left

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 15:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('show_places_left', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('registration_settings', schema=None) as batch_op:
        batch_op.drop_column('show_places_left')
