"""No secret leaves a web service: what a client sends in sensitive query parameters, headers and
cookies reaches neither the trace backend nor the access log, nor do an error's local variables."""

import secrets

import pytest

from .backends import local_collector
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


def test_no_secret_reaches_the_backend_or_the_access_log(combination, start_service):
    with local_collector(combination.tracing) as (collector, variables):
        service = start_service(**variables)
        if FRAMEWORKS[combination.framework].callee:
            service.route_upstream_to(FRAMEWORKS[combination.framework].callee)
        with service:
            statuses = [service.get(f"{path}?{QUERY}", HEADERS)[0] for path in ("/", "/error")]
            traced = collector.requests_by_path
            wait_until(lambda: traced()["/"] and traced()["/error"], "a page's and an error's traces")
        sent = collector.everything()
    assert statuses == [200, 500]
    assert SECRET not in sent
    output = service.output()
    assert SECRET not in output
    # The requests were logged, their query strings masked, not dropped.
    assert f"password={MASK}" in output and "page=2" in output
