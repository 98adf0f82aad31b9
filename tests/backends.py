"""The local collectors, one per backend, and the variables that point a generated service's
tracing at them."""

import contextlib

from .collectors.apm_intake import ApmIntake
from .collectors.otlp_receiver import OtlpReceiver
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


def opentelemetry_variables(receiver_url: str) -> dict:
    """The receiver as the OTLP endpoint, every request sampled (the task definition's `xray`
    sampler would ask the collector for X-Ray's rules), and batches sent every 0.1 s."""
    return {
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": f"{receiver_url}/v1/traces",
        "OTEL_TRACES_SAMPLER": "parentbased_always_on",
        "OTEL_BSP_SCHEDULE_DELAY": "100",
    }


@contextlib.contextmanager
def local_collector(tracing: str, request_time: str = "100ms"):
    """(collector, variables): a collector that speaks the backend's protocol, running, and the
    variables that point a service at it. Both collectors answer `requests_by_path()` and
    `everything()`."""
    if tracing == "snappyflow":
        with ApmIntake() as intake:
            yield intake, snappyflow_variables(intake.url, request_time)
    elif tracing == "opentelemetry":
        with OtlpReceiver() as receiver:
            yield receiver, opentelemetry_variables(receiver.url)
    else:
        with XRayDaemon() as daemon:
            yield daemon, xray_variables(daemon.address)


def failing_backend_variables(tracing: str, url: str, request_time: str = "100ms") -> dict:
    """Tracing pointed at a failing server (tests/collectors/failing.py), sampling as in
    production: X-Ray asks the same address for its sampling rules."""
    if tracing == "snappyflow":
        return snappyflow_variables(url, request_time)
    if tracing == "opentelemetry":
        return {
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": f"{url}/v1/traces",
            "OTEL_TRACES_SAMPLER_ARG": f"endpoint={url}",
            "OTEL_BSP_SCHEDULE_DELAY": "100",
        }
    return {"AWS_XRAY_DAEMON_ADDRESS": url.removeprefix("http://")}
