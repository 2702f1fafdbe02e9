"""Failed log-ins are throttled per account and, far more loosely, per client address; forms that
send e-mail are throttled per client address."""
import uuid

import redis

from factory import create_app
from tests.conftest import PASSWORD, FormClient, make_config, release_database, unavailable


def fail_login(client, email, **kwargs):
    return client.submit("/account/login", {"email": email, "password": "wrong guess"}, **kwargs)


def test_login_is_throttled_after_repeated_failures_but_not_after_successes(app, client, make_user):
    app.config["LOGIN_FAILURE_LIMIT"] = "3 per 15 minutes"
    user = make_user()
    for _ in range(3):
        client.submit("/account/login", {"email": user.email, "password": PASSWORD})
        client.submit("/account/logout", form_url="/")
    for _ in range(3):
        assert fail_login(client, user.email).status_code == 400

    response = client.submit("/account/login", {"email": user.email, "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_throttle_page_is_in_the_current_language(app, client, make_user):
    app.config["LOGIN_FAILURE_LIMIT"] = "1 per 15 minutes"
    fail_login(client, "someone@example.org")

    response = fail_login(client, "someone@example.org", headers={"Accept-Language": "fr"})

    assert response.status_code == 429
    assert "Trop de tentatives" in response.get_data(as_text=True)


def test_failures_for_one_account_do_not_block_another_account_from_the_same_address(app, client, make_user):
    # Shared Wi-Fi at a conference: one person's typos must not lock out the people around them.
    app.config["LOGIN_FAILURE_LIMIT"] = "3 per 15 minutes"
    unlucky, neighbour = make_user(), make_user()
    for _ in range(3):
        assert fail_login(client, unlucky.email).status_code == 400

    assert fail_login(client, unlucky.email).status_code == 429
    assert client.submit("/account/login", {"email": neighbour.email, "password": PASSWORD}).status_code == 302


def test_failures_for_one_account_count_from_every_address(migrated_database, tmp_path):
    app = create_app(make_config(migrated_database, TRUSTED_PROXIES=1, LOGIN_FAILURE_LIMIT="2 per 15 minutes"),
                     instance_path=str(tmp_path))
    app.test_client_class = FormClient
    with app.app_context():
        try:
            client = app.test_client()
            for address in ("203.0.113.7", "198.51.100.9"):
                fail_login(client, "a@example.org", headers={"X-Forwarded-For": address})
            assert fail_login(client, "A@example.org", headers={"X-Forwarded-For": "192.0.2.1"}).status_code == 429
        finally:
            release_database()


def test_sign_ups_are_capped_but_typos_do_not_count(app, client, smtp_server):
    app.config["MAIL_REQUEST_LIMIT"] = "2 per 15 minutes"
    form = {"full_name": "Ana Lima", "password": "a long enough secret", "confirm": "a long enough secret"}
    for _ in range(3):
        assert client.submit("/account/signup", form | {"email": "not an address"}).status_code == 400
    for number in range(2):
        assert client.submit("/account/signup", form | {"email": f"ana{number}@example.org"}).status_code == 302
        client.submit("/account/logout", form_url="/")

    response = client.submit("/account/signup", form | {"email": "ana9@example.org"})

    assert response.status_code == 429
    assert len(smtp_server.messages) == 2


def test_reset_requests_are_capped_so_nobody_can_flood_an_inbox(app, client, make_user, smtp_server):
    app.config["MAIL_REQUEST_LIMIT"] = "2 per 15 minutes"
    user = make_user()
    for _ in range(2):
        client.submit("/account/password/forgot", {"email": user.email})

    response = client.submit("/account/password/forgot", {"email": user.email})

    assert response.status_code == 429
    assert len(smtp_server.messages) == 2


def test_behind_a_trusted_proxy_each_client_address_is_counted_apart(migrated_database, tmp_path):
    app = create_app(make_config(migrated_database, TRUSTED_PROXIES=1, LOGIN_ADDRESS_FAILURE_LIMIT="2 per 15 minutes"),
                     instance_path=str(tmp_path))
    app.test_client_class = FormClient
    with app.app_context():
        try:
            client = app.test_client()
            first = {"X-Forwarded-For": "203.0.113.7"}
            # A different account each time: only the per-address limit is at work here.
            for number in range(2):
                fail_login(client, f"{number}@example.org", headers=first)
            assert fail_login(client, "2@example.org", headers=first).status_code == 429
            assert fail_login(client, "3@example.org", headers={"X-Forwarded-For": "198.51.100.9"}).status_code == 400
        finally:
            release_database()


def test_throttling_is_shared_by_every_worker_through_redis(migrated_database, tmp_path):
    """Two app processes (gunicorn workers) count the same failures when REDIS_URL is set."""
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0").ping()
    except redis.RedisError as error:
        unavailable(f"no Redis on 127.0.0.1:6379: {error}")
    prefix = f"convene-test-{uuid.uuid4().hex[:8]}"
    config = make_config(migrated_database, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0",
                         RATELIMIT_KEY_PREFIX=prefix, LOGIN_FAILURE_LIMIT="2 per 15 minutes")
    workers = [create_app(config, instance_path=str(tmp_path)) for _ in range(2)]
    try:
        with workers[0].app_context():
            workers[0].test_client_class = FormClient
            for _ in range(2):
                assert fail_login(workers[0].test_client(), "a@example.org").status_code == 400
            release_database()
        with workers[1].app_context():
            workers[1].test_client_class = FormClient
            assert fail_login(workers[1].test_client(), "a@example.org").status_code == 429
            release_database()
    finally:
        store = redis.Redis.from_url("redis://127.0.0.1:6379/0")
        for key in store.scan_iter(f"{prefix}*"):
            store.delete(key)
        store.close()
