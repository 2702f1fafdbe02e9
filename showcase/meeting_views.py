"""(being written)"""
from showcase.views import bp  # noqa: F401
