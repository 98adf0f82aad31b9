{%- set slug = cookiecutter.project_slug -%}
{%- import "tracing/opentelemetry/tests/" ~ cookiecutter.framework ~ ".py" as framework with context -%}
{{ framework.imports }}

# A caller traced with X-Ray, and the ids its header carries.
UPSTREAM_X_RAY_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
UPSTREAM_TRACE_ID, UPSTREAM_PARENT_ID = 0x5759E988BD862E3FE1BE46A994272793, 0x53995C3F42CD8AD8
UNUSABLE_SETTINGS = [
    ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "nonsense"),
    ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:99999/v1/traces"),
    ("OTEL_TRACES_SAMPLER", "sometimes"),
    ("OTEL_PROPAGATORS", "tracecontext,nonsense"),
    ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
]


@pytest.fixture(scope="session")
def exporter():
    """The spans this process finishes, kept in memory (the SDK itself exports none here)."""
    {{ framework.start }}
    exporter = InMemorySpanExporter()
    trace.get_tracer_provider().add_span_processor(SimpleSpanProcessor(exporter))
    return exporter


@pytest.fixture
def spans(exporter):
    """spans() -> the spans finished since the test began."""
    exporter.clear()
    return exporter.get_finished_spans


@pytest.mark.parametrize(("variable", "value"), UNUSABLE_SETTINGS)
def test_unusable_setting_turns_tracing_off_with_one_warning(monkeypatch, caplog, variable, value):
    monkeypatch.setenv(variable, value)
    {{ framework.start_untraced }}
    warnings = [r.getMessage() for r in caplog.records if "tracing is off" in r.getMessage()]
    assert len(warnings) == 1
    assert variable in warnings[0]


{{ framework.tests }}
