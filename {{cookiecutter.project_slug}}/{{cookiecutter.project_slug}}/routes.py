"""The service's pages."""

from flask import Blueprint

from . import SERVICE_NAME, db

routes = Blueprint("routes", __name__)


@routes.get("/")
def index():
    return {"service": SERVICE_NAME, "visits": db.record_visit()}


@routes.get("/error")
def error():
    raise RuntimeError("Deliberate failure: this error should show up in your traces.")
