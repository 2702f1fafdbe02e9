"""registration forms, sessions, quotas and invitations

Existing rows get empty field settings, answers and languages (the server defaults).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 19:38:40.331977

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('registration_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('help_text', sa.String(length=500), nullable=False),
    sa.Column('is_required', sa.Boolean(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_registration_questions_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_questions'))
    )
    with op.batch_alter_table('registration_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_questions_event_id'), ['event_id'], unique=False)

    op.create_table('registration_quotas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=32), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('releases_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_registration_quotas_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_quotas'))
    )
    with op.batch_alter_table('registration_quotas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_quotas_event_id'), ['event_id'], unique=False)

    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('invited_by_user_id', sa.Integer(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_invitations_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_user_id'], ['users.id'], name=op.f('fk_invitations_invited_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_invitations_registration_id_registrations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_invitations_code_hash')),
    sa.UniqueConstraint('event_id', 'email', name=op.f('uq_invitations_event_id'))
    )
    op.create_table('session_choices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('waitlisted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('offered_until', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_session_choices_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_session_choices_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_choices')),
    sa.UniqueConstraint('registration_id', 'session_id', name=op.f('uq_session_choices_registration_id'))
    )
    with op.batch_alter_table('session_choices', schema=None) as batch_op:
        batch_op.create_index('ix_session_choices_session_id_status', ['session_id', 'status'], unique=False)

    op.create_table('session_places',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_session_places_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_session_places_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', name=op.f('pk_session_places'))
    )
    with op.batch_alter_table('session_places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_places_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('registration_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_registration_changes_session_id_sessions'), 'sessions', ['session_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('registration_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changes_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('fields', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column('privacy_notice', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('languages', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('answers', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column('photo', sa.String(length=64), nullable=True))



def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('photo')
        batch_op.drop_column('answers')
        batch_op.drop_column('languages')

    with op.batch_alter_table('registration_settings', schema=None) as batch_op:
        batch_op.drop_column('privacy_notice')
        batch_op.drop_column('fields')
        batch_op.drop_column('changes_until')

    with op.batch_alter_table('registration_changes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_registration_changes_session_id_sessions'), type_='foreignkey')
        batch_op.drop_column('session_id')

    with op.batch_alter_table('session_places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_places_event_id'))

    op.drop_table('session_places')
    with op.batch_alter_table('session_choices', schema=None) as batch_op:
        batch_op.drop_index('ix_session_choices_session_id_status')

    op.drop_table('session_choices')
    op.drop_table('invitations')
    with op.batch_alter_table('registration_quotas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_quotas_event_id'))

    op.drop_table('registration_quotas')
    with op.batch_alter_table('registration_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_questions_event_id'))

    op.drop_table('registration_questions')
