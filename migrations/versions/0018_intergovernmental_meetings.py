"""intergovernmental meetings: participant categories, delegations, focal points, nominations, visa requests

Registrations gain their category, honorific, consent to the public list of participants and how they
came in; registration questions may be asked of some categories only.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 21:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'participant_categories',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('admission', sa.String(length=16), nullable=False),
        sa.Column('capacity', sa.Integer(), nullable=True),
        sa.Column('badge_colour', sa.String(length=7), nullable=False),
        sa.Column('badge_label', sa.String(length=40), nullable=False),
        sa.Column('is_listed', sa.Boolean(), nullable=False),
        sa.Column('translations', sa.JSON(), nullable=False, server_default='{}'),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_participant_categories_event_id_events'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_categories')),
        sa.UniqueConstraint('event_id', 'key', name=op.f('uq_participant_categories_event_id')),
    )
    op.create_index(op.f('ix_participant_categories_event_id'), 'participant_categories', ['event_id'])

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('honorific', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('listing_consent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('source', sa.String(length=16), nullable=False, server_default='online'))
        batch_op.create_foreign_key(batch_op.f('fk_registrations_category_id_participant_categories'),
                                    'participant_categories', ['category_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_registrations_category_id'), ['category_id'])
    with op.batch_alter_table('registration_questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category_ids', sa.JSON(), nullable=False, server_default='[]'))

    op.create_table(
        'meeting_settings',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('nominations_close_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('offers_visa_letters', sa.Boolean(), nullable=False),
        sa.Column('letterhead', sa.String(length=64), nullable=True),
        sa.Column('signatory_name', sa.String(length=200), nullable=False),
        sa.Column('signatory_title', sa.String(length=200), nullable=False),
        sa.Column('reference_prefix', sa.String(length=60), nullable=False),
        sa.Column('letter_text', sa.Text(), nullable=False),
        sa.Column('visa_data_kept_days', sa.Integer(), nullable=True),
        sa.Column('publishes_list', sa.Boolean(), nullable=False),
        sa.Column('translations', sa.JSON(), nullable=False, server_default='{}'),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_meeting_settings_event_id_events'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', name=op.f('pk_meeting_settings')),
    )
    op.create_table(
        'delegations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=True),
        sa.Column('country', sa.String(length=2), nullable=True),
        sa.Column('organisation', sa.String(length=200), nullable=False),
        sa.Column('credentials', sa.String(length=64), nullable=True),
        sa.Column('credentials_status', sa.String(length=16), nullable=False),
        sa.Column('credentials_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('credentials_note', sa.Text(), nullable=False),
        sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('approved_by_user_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_delegations_event_id_events'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['category_id'], ['participant_categories.id'],
                                name=op.f('fk_delegations_category_id_participant_categories'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['approved_by_user_id'], ['users.id'],
                                name=op.f('fk_delegations_approved_by_user_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_delegations')),
        sa.UniqueConstraint('event_id', 'country', 'organisation', name=op.f('uq_delegations_event_id')),
    )
    op.create_index(op.f('ix_delegations_event_id'), 'delegations', ['event_id'])
    op.create_table(
        'focal_points',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('delegation_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'],
                                name=op.f('fk_focal_points_delegation_id_delegations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_focal_points_user_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_focal_points')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_focal_points_code_hash')),
        sa.UniqueConstraint('delegation_id', 'email', name=op.f('uq_focal_points_delegation_id')),
    )
    op.create_index(op.f('ix_focal_points_delegation_id'), 'focal_points', ['delegation_id'])
    op.create_index(op.f('ix_focal_points_user_id'), 'focal_points', ['user_id'])
    op.create_table(
        'nominations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('delegation_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('honorific', sa.String(length=40), nullable=False),
        sa.Column('function', sa.String(length=200), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('nominated_by_user_id', sa.Integer(), nullable=True),
        sa.Column('registration_id', sa.Integer(), nullable=True),
        sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('replaced_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'],
                                name=op.f('fk_nominations_delegation_id_delegations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['nominated_by_user_id'], ['users.id'],
                                name=op.f('fk_nominations_nominated_by_user_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'],
                                name=op.f('fk_nominations_registration_id_registrations'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['replaced_by_id'], ['nominations.id'],
                                name=op.f('fk_nominations_replaced_by_id_nominations'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_nominations')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_nominations_code_hash')),
        sa.UniqueConstraint('registration_id', name=op.f('uq_nominations_registration_id')),
    )
    op.create_index(op.f('ix_nominations_delegation_id'), 'nominations', ['delegation_id'])
    op.create_table(
        'visa_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('passport_name', sa.Text(), nullable=True),
        sa.Column('passport_number', sa.Text(), nullable=True),
        sa.Column('nationality', sa.Text(), nullable=True),
        sa.Column('date_of_birth', sa.Text(), nullable=True),
        sa.Column('place_of_issue', sa.Text(), nullable=True),
        sa.Column('consulate', sa.Text(), nullable=True),
        sa.Column('arrival', sa.Date(), nullable=False),
        sa.Column('departure', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decided_by_user_id', sa.Integer(), nullable=True),
        sa.Column('refusal_reason', sa.Text(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=True),
        sa.Column('code', sa.String(length=16), nullable=True),
        sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_visa_requests_event_id_events'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'],
                                name=op.f('fk_visa_requests_registration_id_registrations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['decided_by_user_id'], ['users.id'],
                                name=op.f('fk_visa_requests_decided_by_user_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_visa_requests')),
        sa.UniqueConstraint('registration_id', name=op.f('uq_visa_requests_registration_id')),
        sa.UniqueConstraint('code', name=op.f('uq_visa_requests_code')),
    )
    op.create_index(op.f('ix_visa_requests_event_id'), 'visa_requests', ['event_id'])
    op.create_table(
        'visa_officers',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_visa_officers_event_id_events'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_visa_officers_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', 'user_id', name=op.f('pk_visa_officers')),
    )
    op.create_index(op.f('ix_visa_officers_user_id'), 'visa_officers', ['user_id'])
    op.create_table(
        'visa_data_reads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('visa_request_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('purpose', sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(['visa_request_id'], ['visa_requests.id'],
                                name=op.f('fk_visa_data_reads_visa_request_id_visa_requests'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_visa_data_reads_user_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_visa_data_reads')),
    )
    op.create_index(op.f('ix_visa_data_reads_visa_request_id'), 'visa_data_reads', ['visa_request_id'])
    op.create_table(
        'visa_officer_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('by_user_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_visa_officer_changes_event_id_events'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_visa_officer_changes_user_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_visa_officer_changes_by_user_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_visa_officer_changes')),
    )
    op.create_index(op.f('ix_visa_officer_changes_event_id'), 'visa_officer_changes', ['event_id'])


def downgrade():
    op.drop_table('visa_officer_changes')
    op.drop_table('visa_data_reads')
    op.drop_table('visa_officers')
    op.drop_table('visa_requests')
    op.drop_table('nominations')
    op.drop_table('focal_points')
    op.drop_table('delegations')
    op.drop_table('meeting_settings')
    with op.batch_alter_table('registration_questions', schema=None) as batch_op:
        batch_op.drop_column('category_ids')
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registrations_category_id'))
        batch_op.drop_constraint(batch_op.f('fk_registrations_category_id_participant_categories'), type_='foreignkey')
        batch_op.drop_column('source')
        batch_op.drop_column('listing_consent_at')
        batch_op.drop_column('honorific')
        batch_op.drop_column('category_id')
    op.drop_table('participant_categories')
