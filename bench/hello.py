"""The yardstick: a bare Flask app, served by bench/run under the same gunicorn settings as Convene."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
