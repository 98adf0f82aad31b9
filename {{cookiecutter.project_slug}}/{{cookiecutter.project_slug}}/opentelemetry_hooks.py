"""What the service adds to the OpenTelemetry SDK: a sampler that starts no trace with a
query, and a processor that masks secrets in URLs. A module of its own because it subclasses
the SDK's classes, which opentelemetry.py imports only once tracing is on."""

from opentelemetry import trace
from opentelemetry.sdk.trace import SpanProcessor
from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult

from .redaction import redact_text, redact_url


class OnlyInsideWork(Sampler):
    """The configured sampler, except that no trace starts with a database query or an
    outgoing call: the queries of migrations, start-up and housekeeping are not traces."""

    def __init__(self, sampler: Sampler):
        self._sampler = sampler

    def should_sample(self, parent_context, trace_id, name, kind=None, *more) -> SamplingResult:
        parent = trace.get_current_span(parent_context).get_span_context()
        if kind == trace.SpanKind.CLIENT and not parent.is_valid:
            return SamplingResult(Decision.DROP)
        return self._sampler.should_sample(parent_context, trace_id, name, kind, *more)

    def get_description(self) -> str:
        return f"OnlyInsideWork({self._sampler.get_description()})"


class RedactingUrls(SpanProcessor):
    """Masks secrets in the URLs a span recorded (the request's, an outgoing call's) when it
    ends, before it is exported; instrumentations set them after the span starts."""

    URL_ATTRIBUTES = ("http.url", "url.full", "http.target")
    QUERY_ATTRIBUTES = ("url.query",)

    def on_end(self, span) -> None:
        attributes = span._attributes  # read-only once ended: masked in place, under its lock
        with attributes._lock:
            for name in self.URL_ATTRIBUTES:
                if isinstance(attributes._dict.get(name), str):
                    attributes._dict[name] = redact_url(attributes._dict[name])
            for name in self.QUERY_ATTRIBUTES:
                if isinstance(attributes._dict.get(name), str):
                    attributes._dict[name] = redact_text(attributes._dict[name])
