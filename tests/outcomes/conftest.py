"""Fixtures shared by the outcomes tests."""
import pytest


@pytest.fixture
def request_context(app):
    """A request to draw charts in (they read the page's language and direction)."""
    with app.test_request_context("/"):
        yield
