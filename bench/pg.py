"""A throwaway PostgreSQL database for bench/run's registration benchmark, which the issue asks for on
PostgreSQL whatever the rest of the run uses.

`python -m bench.pg create ADMIN_URL` makes an empty database on that server and prints its URL;
`python -m bench.pg drop ADMIN_URL URL` drops it again (bench/run does it on exit, however the run ends).
Plain SQLAlchemy on the app's own driver: the machine needs no PostgreSQL client programs.
"""
import sys
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import database_url

PREFIX = "convene_bench_reg_"


def _admin(url: str):
    return create_engine(database_url(url), isolation_level="AUTOCOMMIT")


def create(admin_url: str) -> str:
    name = f"{PREFIX}{uuid.uuid4().hex[:10]}"
    engine = _admin(admin_url)
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # down, refusing us, or not allowed to create databases
        raise SystemExit(f"bench.pg: cannot create a database on {make_url(admin_url).render_as_string()} "
                         f"({type(error).__name__}: {str(error).splitlines()[0]}).\n"
                         "The registration benchmark runs on PostgreSQL: start it, or point BENCH_POSTGRES_URL at "
                         "a server where this user may CREATE DATABASE.")
    finally:
        engine.dispose()
    # Plain postgresql://: the app picks its driver itself, and the load generator hands it to psycopg as is.
    return make_url(admin_url).set(drivername="postgresql", database=name).render_as_string(hide_password=False)


def drop(admin_url: str, url: str) -> None:
    name = make_url(url).database
    if not name.startswith(PREFIX):  # never anything this module did not create
        raise SystemExit(f"bench.pg: refusing to drop {name}, which is not a benchmark database")
    engine = _admin(admin_url)
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def main(args: list[str]) -> None:
    match args:
        case ["create", admin_url]:
            print(create(admin_url))
        case ["drop", admin_url, url]:
            drop(admin_url, url)
        case _:
            raise SystemExit("usage: python -m bench.pg create ADMIN_URL | drop ADMIN_URL URL")


if __name__ == "__main__":
    main(sys.argv[1:])
