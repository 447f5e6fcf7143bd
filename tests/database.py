"""Looking at the test database directly, past the models: for checks such as "no row
anywhere holds this secret"."""

from sqlalchemy import inspect, text
from sqlmodel import Session


def every_row(session: Session) -> list[tuple]:
    """Every row of every table the migrations made, as plain tuples."""
    connection = session.connection()
    names = inspect(connection).get_table_names()
    return [tuple(row) for name in names for row in connection.execute(text(f'SELECT * FROM "{name}"'))]


def holds_anywhere(session: Session, secret: str) -> bool:
    """Whether any column of any row contains `secret`."""
    return any(secret in str(value) for row in every_row(session) for value in row)
