"""hybrid events: attendance modes, participation, online rooms, joins, online attendance, programme materials

Events say how people take part (in person, online, hybrid); registrations say how each person does; sessions
get their own online room and languages; joins through personal links are logged and drawn into check-ins
marked online; sessions and events get materials, and speakers personal upload links.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 00:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'online_joins',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=True),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('first_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('times', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_online_joins_event_id_events'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'],
                                name=op.f('fk_online_joins_registration_id_registrations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_online_joins_session_id_sessions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_online_joins')),
    )
    op.create_index('ix_online_joins_event_id_day', 'online_joins', ['event_id', 'day'])
    # One row per person, day and room, however often they join, even twice at the same instant.
    op.create_index('uq_online_joins_person_day_session', 'online_joins',
                    ['registration_id', 'day', sa.text('coalesce(session_id, 0)')], unique=True)

    op.create_table(
        'programme_materials',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('language', sa.String(length=8), server_default='', nullable=False),
        sa.Column('file_name', sa.String(length=64), nullable=True),
        sa.Column('file_size', sa.Integer(), nullable=True),
        sa.Column('url', sa.String(length=500), server_default='', nullable=False),
        sa.Column('visibility', sa.String(length=16), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('speaker_id', sa.Integer(), nullable=True),
        sa.Column('added_by_user_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('translations', sa.JSON(), server_default='{}', nullable=False),
        sa.ForeignKeyConstraint(['added_by_user_id'], ['users.id'],
                                name=op.f('fk_programme_materials_added_by_user_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_programme_materials_event_id_events'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['session_id'], ['sessions.id'],
                                name=op.f('fk_programme_materials_session_id_sessions'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'],
                                name=op.f('fk_programme_materials_speaker_id_speakers'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_materials')),
    )
    op.create_index('ix_programme_materials_event_id_session_id', 'programme_materials', ['event_id', 'session_id'])

    # Not in a batch: on SQLite that would copy the table and lose the expression index uq_checkins_standing.
    op.add_column('checkins', sa.Column('is_online', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attendance_mode', sa.String(length=16), server_default='in_person',
                                      nullable=False))
        batch_op.add_column(sa.Column('speaker_uploads_close_at', sa.DateTime(timezone=True), nullable=True))
    # What the events already said of themselves: an online link with a venue is hybrid, without one online.
    op.execute("UPDATE events SET attendance_mode = CASE WHEN venue_name = '' THEN 'online' ELSE 'hybrid' END "
               "WHERE online_url <> ''")

    with op.batch_alter_table('registration_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('online_capacity', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('online_min_sessions', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('participation', sa.String(length=16), server_default='in_person',
                                      nullable=False))
        batch_op.add_column(sa.Column('join_version', sa.Integer(), server_default='1', nullable=False))
    op.execute("UPDATE registrations SET participation = 'online' WHERE event_id IN "
               "(SELECT id FROM events WHERE attendance_mode = 'online')")

    with op.batch_alter_table('session_speakers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('upload_version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('online_url', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('languages', sa.JSON(), server_default='[]', nullable=False))

    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=320), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.drop_column('email')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('languages')
        batch_op.drop_column('online_url')
    with op.batch_alter_table('session_speakers', schema=None) as batch_op:
        batch_op.drop_column('upload_version')
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('join_version')
        batch_op.drop_column('participation')
    with op.batch_alter_table('registration_settings', schema=None) as batch_op:
        batch_op.drop_column('online_min_sessions')
        batch_op.drop_column('online_capacity')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('speaker_uploads_close_at')
        batch_op.drop_column('attendance_mode')
    op.drop_column('checkins', 'is_online')
    op.drop_index('ix_programme_materials_event_id_session_id', table_name='programme_materials')
    op.drop_table('programme_materials')
    op.drop_index('uq_online_joins_person_day_session', table_name='online_joins')
    op.drop_index('ix_online_joins_event_id_day', table_name='online_joins')
    op.drop_table('online_joins')
