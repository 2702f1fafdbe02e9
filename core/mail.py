"""The one mail path: an outbox table written in the caller's transaction, then SMTP.

`queue_mail` only adds a row to the session; the message exists exactly when the change that
caused it is committed. After that commit a job sends what is due. A failed send stays queued
with a later `next_attempt_at`, so nothing is lost while the SMTP server is down; after
MAIL_MAX_ATTEMPTS tries it is marked "failed" and left alone. Once a send goes through, the messages
that waited only because the server could not be reached are sent in the same run, without waiting out
their delay. Delivery is at least once (a sender stopped between sending and recording sends again): each
message keeps the Message-ID it was given when queued, so the receiving server drops the repeat. Without an SMTP server configured,
messages are kept (status "kept") and read on the administrator's mail log.
"""
from contextlib import nullcontext
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
import smtplib
import threading

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text, false, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core import jobs, transactions
from core.extensions import db
from core.i18n import person_language
from core.models import UTCDateTime, utcnow

QUEUED, SENT, KEPT, FAILED = "queued", "sent", "kept", "failed"

# SQLite ignores FOR UPDATE SKIP LOCKED, so two job threads could claim and send the same message.
# SQLite is the one-process (embedded) shape: a lock in the process lets one sender run at a time.
_sqlite_sender = threading.RLock()


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    #: queued (waiting or retrying), sent, kept (no SMTP server configured), or failed (no more retries).
    status: Mapped[str] = mapped_column(String(16), default=QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    #: A queued message is not tried again before this time (back-off after a failure).
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: The Message-ID header of every attempt (None only for messages queued before it was kept).
    message_id: Mapped[str | None] = mapped_column(String(255), default=lambda: make_msgid(domain="convene"))
    #: The last attempt failed because the SMTP server could not be reached, not because of this message:
    #: the message is tried again as soon as another one goes through.
    waits_for_server: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    attachments: Mapped[list["OutboxAttachment"]] = relationship(cascade="all, delete-orphan",
                                                                 order_by="OutboxAttachment.id")


class OutboxAttachment(db.Model):
    """A file sent with a queued message (a calendar invitation): kept until the message is sent."""

    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)


def queue_mail(recipient: str, subject, template: str, locale: str | None = None,
               attachments: list[tuple[str, str, bytes]] = (), **context) -> OutboxMessage:
    """Render `email/<template>.txt` and `.html` in the recipient's language and queue the message.

    `subject` may be a lazy string; it is rendered in `locale` too. `attachments` are
    (file name, MIME type, bytes), e.g. an event's .ics. The caller commits.
    """
    # A language the site no longer speaks (or never did) writes in the default one rather than failing.
    with force_locale(person_language(locale)):
        # One line, whatever a title or an organiser's subject holds: a header cannot break lines.
        subject = " ".join(str(subject).split())
        context.setdefault("subject", subject)
        body_text = render_template(f"email/{template}.txt", **context)
        body_html = render_template(f"email/{template}.html", **context)
    message = OutboxMessage(recipient=recipient, subject=subject, body_text=body_text, body_html=body_html)
    message.attachments = [OutboxAttachment(filename=name, content_type=kind, data=data)
                           for name, kind, data in attachments]
    db.session.add(message)
    transactions.run_after_commit(db.session(), "mail.deliver", None)
    return message


@transactions.handler("mail.deliver")
def _send_after_commit(messages):
    jobs.submit(deliver_pending)


def _as_email(message: OutboxMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    # The same for every attempt: a receiving server drops a message it has had already.
    message.message_id = message.message_id or make_msgid(domain="convene")
    email["Message-ID"] = message.message_id
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    for attachment in message.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        email.add_attachment(attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename)
    return email


def _connect(config) -> smtplib.SMTP:
    cls = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    smtp = cls(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
    if config["MAIL_USE_TLS"]:
        smtp.starttls()
    if config["MAIL_USERNAME"]:
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    return smtp


def _next_due():
    """Claim the next due message; on PostgreSQL other senders skip the row we hold."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == QUEUED, OutboxMessage.next_attempt_at <= utcnow())
        .order_by(OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return db.session.scalars(query).first()


def deliver_pending(limit: int = 500) -> int:
    """Send the due messages one transaction each; return how many were sent or kept."""
    lock = _sqlite_sender if db.engine.dialect.name == "sqlite" else nullcontext()
    with lock:
        return _deliver_pending(current_app.config, limit)


def _deliver_pending(config, limit: int) -> int:
    done = 0
    smtp = None
    server_is_back = False
    try:
        for _ in range(limit):
            message = _next_due()
            if message is None:
                break
            if not config["MAIL_SERVER"]:
                message.status = KEPT
            else:
                try:
                    email = _as_email(message, config["MAIL_DEFAULT_SENDER"])
                except ValueError as error:
                    # A message that cannot be written (a header no server would take) fails alone, at
                    # once: left queued, it would stand first in line and hold up every message after it.
                    message.attempts += 1
                    message.status, message.last_error = FAILED, f"{type(error).__name__}: {error}"[:2000]
                    db.session.commit()
                    continue
                try:
                    smtp = smtp or _connect(config)
                    smtp.send_message(email)
                except (OSError, smtplib.SMTPException) as error:
                    _record_failure(message, error, config["MAIL_RETRY_DELAY"], config["MAIL_MAX_ATTEMPTS"])
                    db.session.commit()
                    if message.waits_for_server:
                        break  # the server is unreachable: leave the rest for the next run
                    continue  # the server refused this message alone: the others may go
                message.status, message.sent_at, message.waits_for_server = SENT, utcnow(), False
                if not server_is_back:
                    server_is_back = True
                    _bring_forward_waiting()
            message.attempts += 1
            db.session.commit()
            done += 1
    finally:
        db.session.rollback()
        if smtp is not None:
            _quit(smtp)
    return done


def _bring_forward_waiting() -> None:
    """The server took a message: make due at once those that failed only because it was unreachable.

    Rows another sender holds are skipped (it is sending them), so two senders never wait on each other.
    """
    waiting = (select(OutboxMessage.id).where(OutboxMessage.status == QUEUED, OutboxMessage.waits_for_server,
                                              OutboxMessage.next_attempt_at > utcnow())
               .with_for_update(skip_locked=True))
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(db.session.scalars(waiting).all()))
                       .values(next_attempt_at=utcnow()), execution_options={"synchronize_session": False})


def _server_unreachable(error: Exception) -> bool:
    """Whether the failure was the server's (down, refusing connections, hanging up), not the message's.

    smtplib's errors are OSErrors too: only the ones about the connection count.
    """
    if isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, smtplib.SMTPHeloError)):
        return True
    return not isinstance(error, smtplib.SMTPException)


def _record_failure(message: OutboxMessage, error: Exception, base_delay: int, max_attempts: int) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    message.waits_for_server = _server_unreachable(error)
    if message.attempts >= max_attempts:
        message.status = FAILED
        return
    delay = min(base_delay * 2 ** (message.attempts - 1), 6 * 3600)
    message.next_attempt_at = utcnow() + timedelta(seconds=delay)


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        pass
