"""The aiohttp application factory; gunicorn's aiohttp worker awaits `create_app()`."""

import aiohttp
from aiohttp import web

from .handlers import HTTP_CLIENT, routes
from .health import answer_health_checks
from .logs import configure_logging
from .{{ cookiecutter.tracing }} import client_trace_configs, init_tracing


async def create_app() -> web.Application:
    # Awaited inside the running event loop, where tracing's async context must be made.
    configure_logging()
    app = web.Application()
    app.add_routes(routes)
    init_tracing(app)
    # First of all middleware, so that health checks never reach the tracer.
    app.middlewares.insert(0, answer_health_checks)
    app.cleanup_ctx.append(http_client)
    return app


async def http_client(app: web.Application):
    """One client session for the app's outgoing calls, traced, closed on shutdown."""
    async with aiohttp.ClientSession(trace_configs=client_trace_configs()) as session:
        app[HTTP_CLIENT] = session
        yield
