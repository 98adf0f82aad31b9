"""The variables that point a generated service's tracing at the local collectors."""

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
