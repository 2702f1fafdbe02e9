"""check-ins only on the event's days: practice scans kept apart, attendance recorded afterwards by an
organiser, device tokens renewed past the event

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 15:30:00

Existing data: the desk used to pull any scan into the event's days (a scan on 6 December of a workshop
held on 17-18 November was recorded for 18 November; a scan in December of a March event, for the first
day of March). Every standing check-in made (`at`, on the venue's calendar) or dated (`day`) outside the
event's days is marked undone now, with no one named as undoing it: it stays on record, but it is no
longer attendance, and no certificate rests on it. The certificates that then rest on no standing
check-in are withdrawn (deleted), so the public page stops confirming them; those that rest partly on
them (a real first day, and a last day added by a scan weeks later) are brought up to date: their days,
sessions and minutes are those of the standing check-ins. Nothing is done on the way
down: those check-ins stay undone.
"""
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('checkin_devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('renewed_until', sa.DateTime(timezone=True), nullable=True))
    # Not in batch mode: on SQLite that rebuilds the table from its reflection, which leaves out the
    # expression index uq_checkins_standing. SQLite adds and drops a column in place.
    op.add_column('checkins', sa.Column('is_recorded_afterwards', sa.Boolean(), nullable=False,
                                        server_default=sa.false()))

    op.create_table('practice_scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_practice_scans_by_user_id_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['device_id'], ['checkin_devices.id'],
                            name=op.f('fk_practice_scans_device_id_checkin_devices'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_practice_scans_event_id_events'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'],
                            name=op.f('fk_practice_scans_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_practice_scans_session_id_sessions'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_scans'))
    )
    with op.batch_alter_table('practice_scans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_scans_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_scans_registration_id'), ['registration_id'], unique=False)

    _undo_check_ins_outside_the_events_days()


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _as_date(value):
    return datetime.fromisoformat(value).date() if isinstance(value, str) else value


def _as_datetime(value):
    return _utc(datetime.fromisoformat(value) if isinstance(value, str) else value)


def _undo_check_ins_outside_the_events_days():
    connection = op.get_bind()
    events = sa.table('events', sa.column('id'), sa.column('timezone'), sa.column('starts_at'), sa.column('ends_at'))
    checkins = sa.table('checkins', sa.column('id'), sa.column('event_id'), sa.column('registration_id'),
                        sa.column('day'), sa.column('at'), sa.column('undone_at'))
    certificates = sa.table('certificates', sa.column('registration_id'))
    now = datetime.now(UTC)
    touched = set()
    for event_id, zone_name, starts_at, ends_at in connection.execute(
            sa.select(events.c.id, events.c.timezone, events.c.starts_at, events.c.ends_at)):
        zone = ZoneInfo(zone_name)
        first = _as_datetime(starts_at).astimezone(zone).date()
        # An event ending at midnight ends on the day before.
        last = (_as_datetime(ends_at) - timedelta(microseconds=1)).astimezone(zone).date()
        opens = datetime.combine(first, time(0), zone).astimezone(UTC)
        closes = datetime.combine(last + timedelta(days=1), time(0), zone).astimezone(UTC)
        outside = []
        for checkin_id, registration_id, day, at in connection.execute(
                sa.select(checkins.c.id, checkins.c.registration_id, checkins.c.day, checkins.c.at)
                .where(checkins.c.event_id == event_id, checkins.c.undone_at.is_(None))):
            moment = _as_datetime(at)
            if not first <= _as_date(day) <= last or not opens <= moment < closes:
                outside.append(checkin_id)
                touched.add(registration_id)
        for start in range(0, len(outside), 500):
            connection.execute(checkins.update().where(checkins.c.id.in_(outside[start:start + 500]))
                               .values(undone_at=now))
    if touched:
        standing = sa.select(checkins.c.registration_id).where(checkins.c.undone_at.is_(None))
        unfounded = sorted(touched)
        for start in range(0, len(unfounded), 500):
            connection.execute(certificates.delete().where(
                certificates.c.registration_id.in_(unfounded[start:start + 500]),
                certificates.c.registration_id.not_in(standing)))
        _bring_certificates_up_to_date(connection, unfounded, now)


def _bring_certificates_up_to_date(connection, registration_ids, now):
    """The certificates still founded on something stop claiming the days and sessions that rested on the
    check-ins undone: their days, sessions and minutes are worked out again from the standing check-ins,
    as registration.certificates.issue does (same shapes), and dated now when they change."""
    checkins = sa.table('checkins', sa.column('registration_id'), sa.column('day'), sa.column('session_id'),
                        sa.column('undone_at'))
    sessions = sa.table('sessions', sa.column('id'), sa.column('title'), sa.column('starts_at'),
                        sa.column('ends_at'))
    certificates = sa.table('certificates', sa.column('id'), sa.column('registration_id'),
                            sa.column('days', sa.JSON), sa.column('sessions', sa.JSON), sa.column('minutes'),
                            sa.column('issued_at'))
    for start in range(0, len(registration_ids), 500):
        for certificate_id, registration_id, days, items, minutes in connection.execute(
                sa.select(certificates.c.id, certificates.c.registration_id, certificates.c.days,
                          certificates.c.sessions, certificates.c.minutes)
                .where(certificates.c.registration_id.in_(registration_ids[start:start + 500]))).all():
            standing = connection.execute(sa.select(checkins.c.day, checkins.c.session_id).where(
                checkins.c.registration_id == registration_id, checkins.c.undone_at.is_(None))).all()
            attended_days = sorted({_as_date(day).isoformat() for day, _ in standing})
            session_ids = {session_id for _, session_id in standing if session_id is not None}
            attended = sorted(((_as_datetime(starts_at), _as_datetime(ends_at), title)
                               for title, starts_at, ends_at in connection.execute(
                                   sa.select(sessions.c.title, sessions.c.starts_at, sessions.c.ends_at)
                                   .where(sessions.c.id.in_(session_ids))).all()) if session_ids else [],
                              key=lambda row: row[0])
            attended_items = [{"title": title, "starts_at": starts_at.isoformat(),
                               "minutes": int((ends_at - starts_at).total_seconds() // 60)}
                              for starts_at, ends_at, title in attended]
            total = sum(item["minutes"] for item in attended_items)
            if (attended_days, attended_items, total) != (days, items, minutes):
                connection.execute(certificates.update().where(certificates.c.id == certificate_id).values(
                    days=attended_days, sessions=attended_items, minutes=total, issued_at=now))


def downgrade():
    with op.batch_alter_table('practice_scans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_scans_registration_id'))
        batch_op.drop_index(batch_op.f('ix_practice_scans_event_id'))
    op.drop_table('practice_scans')
    op.drop_column('checkins', 'is_recorded_afterwards')
    with op.batch_alter_table('checkin_devices', schema=None) as batch_op:
        batch_op.drop_column('renewed_until')
