"""No secret leaves a web service: what a client sends in sensitive query parameters, headers and
cookies reaches neither the trace backend nor the access log, nor do an error's local variables."""

import contextlib
import json
import secrets

import pytest

from .backends import snappyflow_variables, xray_variables
from .collectors.apm_intake import ApmIntake
from .collectors.xray_daemon import XRayDaemon
from .combinations import WEB_FRAMEWORKS, combination_id, supported
from .frameworks import FRAMEWORKS
from .waiting import wait_until

pytestmark = pytest.mark.parametrize("combination", supported(framework=WEB_FRAMEWORKS), ids=combination_id)

SECRET = "hunter2-" + secrets.token_hex(8)
QUERY = f"page=2&password={SECRET}&api_key={SECRET}&access_token={SECRET}&client_secret={SECRET}"
HEADERS = {
    "Authorization": f"Bearer {SECRET}",
    "Cookie": f"sessionid={SECRET}; theme=dark",
    "X-Api-Key": SECRET,
    "Referer": f"https://shop.example.com/login?token={SECRET}",
}
MASK = "[REDACTED]"


@contextlib.contextmanager
def backend(tracing: str):
    """(variables, received, arrived): the tracing variables pointing at a local collector,
    everything it received as text, and whether a page's and an error's traces are in."""
    if tracing == "snappyflow":
        with ApmIntake() as intake:
            yield (
                snappyflow_variables(intake.url),
                lambda: json.dumps([intake.metadata, intake.events]),
                lambda: len(intake.of_kind("transaction")) >= 2 and intake.of_kind("error"),
            )
    else:
        with XRayDaemon() as daemon:
            yield (
                xray_variables(daemon.address),
                lambda: json.dumps(daemon.documents),
                lambda: len(daemon.segments()) >= 2,
            )


def test_no_secret_reaches_the_backend_or_the_access_log(combination, start_service):
    with backend(combination.tracing) as (variables, received, arrived):
        service = start_service(**variables)
        if FRAMEWORKS[combination.framework].callee:
            service.route_upstream_to(FRAMEWORKS[combination.framework].callee)
        with service:
            statuses = [service.get(f"{path}?{QUERY}", HEADERS)[0] for path in ("/", "/error")]
            wait_until(arrived, "the traces of a page and an error to arrive")
        sent = received()
    assert statuses == [200, 500]
    assert SECRET not in sent
    output = service.output()
    assert SECRET not in output
    # The requests were logged, their query strings masked, not dropped.
    assert f"password={MASK}" in output and "page=2" in output
