"""The service's pages."""

import logging

from flask import Blueprint

from . import SERVICE_NAME, db

logger = logging.getLogger(__name__)
routes = Blueprint("routes", __name__)


@routes.get("/")
def index():
    visits = db.record_visit()
    logger.info("Visit %d recorded", visits)
    return {"service": SERVICE_NAME, "visits": visits}


@routes.get("/error")
def error():
    raise RuntimeError("Deliberate failure: this error should show up in your traces.")
