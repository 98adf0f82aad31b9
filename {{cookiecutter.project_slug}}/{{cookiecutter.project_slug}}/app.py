"""The Flask application factory; gunicorn calls `create_app()`."""

import logging
import os

from flask import Flask
{% set imports = [
    "from .health import answer_health_checks",
    "from .routes import routes",
    "from ." ~ cookiecutter.tracing ~ " import init_tracing",
] %}
{%- for line in imports | sort %}
{{ line }}
{%- endfor %}


def create_app() -> Flask:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    app = Flask(__name__)
    app.register_blueprint(routes)
    init_tracing(app)
    app.wsgi_app = answer_health_checks(app.wsgi_app)
    return app
