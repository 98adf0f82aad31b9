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


@routes.get("/visits/<int:number>")
def visit(number: int):
    """One read by primary key: the lightest page that still queries the database."""
    at = db.visit_time(number)
    if at is None:
        return {"error": f"no visit {number}"}, 404
    return {"visit": number, "at": at}


@routes.get("/error")
def error():
    raise RuntimeError("Deliberate failure: this error should show up in your traces.")
