"""The local collectors, one per backend, and the variables that point a generated service's
tracing at them."""

import contextlib

from .collectors.apm_intake import ApmIntake
from .collectors.xray_daemon import XRayDaemon
from .snappyflow_keys import profile_key

PROJECT, APP, PROFILE = "shop", "checkout", "profile-42"


def snappyflow_variables(intake_url: str, request_time: str = "100ms") -> dict:
    """A profile key naming the intake; the agent sends every `request_time` (10 s by default)."""
    return {
        "SF_PROFILE_KEY": profile_key(intake_url, PROFILE),
        "SF_PROJECT_NAME": PROJECT,
        "SF_APP_NAME": APP,
        "ELASTIC_APM_API_REQUEST_TIME": request_time,
    }


def xray_variables(daemon_address: str) -> dict:
    """The daemon's address, and every request sampled."""
    return {"AWS_XRAY_DAEMON_ADDRESS": daemon_address, "XRAY_SAMPLE_ALL": "true"}


@contextlib.contextmanager
def local_collector(tracing: str, request_time: str = "100ms"):
    """(collector, variables): a collector that speaks the backend's protocol, running, and the
    variables that point a service at it. Both collectors answer `requests_by_path()` and
    `everything()`."""
    if tracing == "snappyflow":
        with ApmIntake() as intake:
            yield intake, snappyflow_variables(intake.url, request_time)
    else:
        with XRayDaemon() as daemon:
            yield daemon, xray_variables(daemon.address)


def failing_backend_variables(tracing: str, url: str, request_time: str = "100ms") -> dict:
    """Tracing pointed at a failing server (tests/collectors/failing.py), sampling as in
    production: X-Ray asks the same address for its sampling rules."""
    if tracing == "snappyflow":
        return snappyflow_variables(url, request_time)
    return {"AWS_XRAY_DAEMON_ADDRESS": url.removeprefix("http://")}
