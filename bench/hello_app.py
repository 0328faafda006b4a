"""The practical ceiling of this machine: a bare Flask endpoint under the same server."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    return "hello"
