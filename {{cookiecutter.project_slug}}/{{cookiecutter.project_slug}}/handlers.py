"""The service's pages."""

import logging
import os

import aiohttp
from aiohttp import web

from . import SERVICE_NAME

# Where GET / calls out to; by default this service's own /health, so that it works alone.
UPSTREAM_URL = os.environ.get(
    "UPSTREAM_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/health"
)
logger = logging.getLogger(__name__)
# The app's client session for outgoing calls (see server.py).
HTTP_CLIENT = web.AppKey("http_client", aiohttp.ClientSession)

routes = web.RouteTableDef()


@routes.get("/")
async def index(request: web.Request) -> web.Response:
    """Calls the upstream service: the call shows up in the trace, and the callee joins it."""
    async with request.app[HTTP_CLIENT].get(UPSTREAM_URL) as upstream:
        logger.info("Upstream answered %d", upstream.status)
        return web.json_response({"service": SERVICE_NAME, "upstream": upstream.status})


@routes.get("/ping")
async def ping(request: web.Request) -> web.Response:
    """A cheap traced page, for other services (or this one's GET /) to call."""
    return web.json_response({"pong": True})


@routes.get("/error")
async def error(request: web.Request) -> web.Response:
    raise RuntimeError("Deliberate failure: this error should show up in your traces.")
