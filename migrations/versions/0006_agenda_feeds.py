"""agenda feeds

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 18:56:35.037169

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('agenda_feeds',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_agenda_feeds_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_agenda_feeds'))
    )



def downgrade():
    
    op.drop_table('agenda_feeds')

