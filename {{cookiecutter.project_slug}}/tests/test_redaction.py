import logging

import pytest

from {{ cookiecutter.project_slug }} import redaction
from {{ cookiecutter.project_slug }}.redaction import MASK

SENSITIVE = ["password", "passwd", "pwd", "client_secret", "token", "access_token", "api_key"]
SENSITIVE += ["apikey", "X-Api-Key", "Authorization", "key", "sessionid", "Set-Cookie", "jwt"]


@pytest.mark.parametrize("name", SENSITIVE)
def test_sensitive_parameters_are_masked(name):
    masked = redaction.redact_text(f"page=2&{name}=hunter2&sort=asc")
    assert masked == f"page=2&{name}={MASK}&sort=asc"


def test_other_parameters_are_kept():
    assert redaction.redact_text("page=2&sort=asc&q=shoes") == "page=2&sort=asc&q=shoes"


def test_urls_lose_their_secrets_and_keep_the_rest():
    url = "https://user:pa55@example.com:8443/search?q=shoes&api_key=abc123#top"
    masked = f"https://user:{MASK}@example.com:8443/search?q=shoes&api_key={MASK}#top"
    assert redaction.redact_url(url) == masked


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("https://user:pa55@example.com/", f"https://user:{MASK}@example.com/"),
        ("http://example.com/items?token=t0k", f"http://example.com/items?token={MASK}"),
        ("http://example.com/items/1/", "http://example.com/items/1/"),
    ],
)
def test_a_password_alone_or_a_query_alone_is_masked(url, masked):
    assert redaction.redact_url(url) == masked


def test_access_log_lines_are_masked_whatever_their_format():
    line = ("10.0.0.1", "GET /login?user=ann&password=hunter2 HTTP/1.1", "https://x/?token=t0k")
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 1, '%s "%s" "%s"', line, None)
    assert redaction.RedactedAccessLog().filter(record)
    assert record.getMessage() == (
        f'10.0.0.1 "GET /login?user=ann&password={MASK} HTTP/1.1" "https://x/?token={MASK}"'
    )
