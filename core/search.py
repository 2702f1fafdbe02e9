"""Searching text people wrote, the same way on SQLite and PostgreSQL."""
import unicodedata


def search_key(*texts: str | None) -> str:
    """The texts folded for searching: case-folded and without accents, so "elodie" finds "Élodie".

    The folding happens here rather than in SQL because SQLite's lower() knows only ASCII and
    PostgreSQL's depends on the database's locale.
    """
    decomposed = unicodedata.normalize("NFKD", " ".join(text for text in texts if text).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
