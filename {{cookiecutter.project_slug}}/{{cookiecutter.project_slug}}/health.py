{%- if cookiecutter.framework == "aiohttp" -%}
"""The health check, answered by the first middleware, before the tracer's.

ECS probes /health every 30 seconds on every task; answering it here keeps those
probes out of the traces and out of the tracing bill.
"""

from aiohttp import web

HEALTH_PATH = "/health"


@web.middleware
async def answer_health_checks(request: web.Request, handler) -> web.StreamResponse:
    if request.path == HEALTH_PATH:
        return web.json_response({"status": "ok"})
    return await handler(request)
{%- else -%}
"""The health check, answered before the web framework sees the request.

ECS probes /health every 30 seconds on every task; answering it here keeps those
probes out of the traces and out of the tracing bill.
"""

import json

HEALTH_PATH = "/health"
_BODY = json.dumps({"status": "ok"}).encode()
_HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(_BODY)))]


def answer_health_checks(wsgi_app):
    """Wrap a WSGI app so that GET /health returns 200 without reaching it."""

    def app(environ, start_response):
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", _HEADERS)
            return [_BODY]
        return wsgi_app(environ, start_response)

    return app
{%- endif %}
