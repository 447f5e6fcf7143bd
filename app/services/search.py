"""Full-text search over ideas: SQLite FTS5 or PostgreSQL tsvector, behind one function.

The index tables (idea_fts) are created by the migrations and kept in step with the idea
table by database triggers, so no code path can forget to update them.
"""

import re

from sqlalchemy import Integer, column, text
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from app.models.ideas import Idea

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8


def search_terms(query: str) -> list[str]:
    """The words of a query; punctuation and search operators are dropped, not interpreted."""
    return [term.lower() for term in WORD.findall(query)][:MAX_TERMS]


def matching_ideas_clause(session: Session, query: str) -> ColumnElement[bool] | None:
    """A clause keeping the ideas whose text matches every word of `query` (as a prefix)."""
    terms = search_terms(query)
    if not terms:
        return None
    if session.get_bind().dialect.name == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        subquery = text("SELECT idea_id FROM idea_fts WHERE document @@ to_tsquery('simple', :tsquery)")
        return Idea.id.in_(subquery.bindparams(tsquery=tsquery).columns(column("idea_id", Integer)))
    match = " ".join(f'"{term}"*' for term in terms)
    subquery = text("SELECT rowid FROM idea_fts WHERE idea_fts MATCH :match")
    return Idea.id.in_(subquery.bindparams(match=match).columns(column("rowid", Integer)))
