"""Entry point for `flask --app run` and gunicorn (`run:app`)."""
from factory import create_app

app = create_app()
