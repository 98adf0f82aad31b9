{#- The tests of a page's spans that Flask and Django share: `get(path, headers)` is the
    including file's, `page` a page that queries and `page_span` the name of its span. -#}
def server_span(spans):
    (server,) = [s for s in spans() if s.kind == SpanKind.SERVER]
    return server


def test_a_request_is_a_server_span_named_by_its_route_with_its_queries(spans):
    assert get("{{ page }}").status_code == 200
    server = server_span(spans)
    assert server.name == "{{ page_span }}"
    queries = [s for s in spans() if s.kind == SpanKind.CLIENT]
    assert queries and {q.attributes["db.system"] for q in queries} == {"sqlite"}
    assert all(q.parent.span_id == server.context.span_id for q in queries)


def test_an_error_is_recorded_on_its_span(spans):
    assert get("/error").status_code == 500
    server = server_span(spans)
    assert server.status.status_code == StatusCode.ERROR
    (event,) = server.events
    assert (event.name, event.attributes["exception.type"]) == ("exception", "RuntimeError")


def test_a_callers_x_ray_trace_is_continued(spans):
    get("/", {"X-Amzn-Trace-Id": UPSTREAM_X_RAY_HEADER})
    server = server_span(spans)
    assert server.context.trace_id == UPSTREAM_TRACE_ID
    assert server.parent.span_id == UPSTREAM_PARENT_ID
{#- (ends here: the including file spaces what follows) -#}
