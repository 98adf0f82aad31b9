"""Secrets that must not leave the service: values of sensitive query parameters, headers and
cookies are masked before a trace or an access-log line is written.

A name is sensitive when it contains one of SENSITIVE_WORDS, ignoring case and the difference
between "-" and "_": `password`, `client_secret`, `X-Api-Key`, `access_token`, `sessionid`.
Masking too much is the safe mistake; add words your service needs.
"""

import logging
import re
import urllib.parse

MASK = "[REDACTED]"
SENSITIVE_WORDS = (
    "passw",
    "pwd",
    "secret",
    "token",
    "key",
    "auth",
    "session",
    "cookie",
    "credential",
    "signature",
    "jwt",
    "csrf",
)
# name=value pairs as they appear in query strings, form bodies and log lines.
PAIR = re.compile(r"(?P<name>[^\s?&;=\"'#]+)=(?P<value>[^\s&;\"'#]*)")


def is_sensitive(name: str) -> bool:
    name = urllib.parse.unquote_plus(name).lower().replace("-", "_")
    return any(word in name for word in SENSITIVE_WORDS)


def redact_text(text: str) -> str:
    """The text with the value of every sensitive name=value pair masked."""

    def mask(pair: re.Match) -> str:
        return f"{pair['name']}={MASK}" if is_sensitive(pair["name"]) else pair[0]

    return PAIR.sub(mask, text)


def redact_url(url: str) -> str:
    """The URL with sensitive query parameters and any password in it masked."""
    if "?" not in url and "@" not in url:  # most URLs, and taking them apart costs every request
        return url
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        netloc = netloc.replace(f":{parts.password}@", f":{MASK}@", 1)
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc, query=redact_text(parts.query)))


class RedactedAccessLog(logging.Filter):
    """Masks secrets in gunicorn's access log lines (the request line, the referer)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact_text(record.getMessage()), None
        return True
