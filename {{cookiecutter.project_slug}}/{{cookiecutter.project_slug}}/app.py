"""The Flask application factory; gunicorn calls `create_app()`."""

from flask import Flask
{% set imports = [
    "from .health import answer_health_checks",
    "from .logs import configure_logging",
    "from .routes import routes",
    "from ." ~ cookiecutter.tracing ~ " import init_tracing",
] %}
{%- for line in imports | sort %}
{{ line }}
{%- endfor %}


def create_app() -> Flask:
    configure_logging()
    app = Flask(__name__)
    app.register_blueprint(routes)
    init_tracing(app)
    app.wsgi_app = answer_health_checks(app.wsgi_app)
    return app
