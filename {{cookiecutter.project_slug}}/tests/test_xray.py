{%- set slug = cookiecutter.project_slug -%}
{%- import "tracing/xray/tests/" ~ cookiecutter.framework ~ ".py" as framework with context -%}
{{ framework.imports }}

# Not host:port, and ports out of range (which would fail every send, not the start).
INVALID_DAEMON_ADDRESSES = ["nonsense", "localhost:99999", "localhost:0"]


@pytest.fixture
def daemon(monkeypatch):
    """A UDP socket standing in for the X-Ray daemon; yields a function that reads segments."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(2)
        host, port = sock.getsockname()
        monkeypatch.setenv("AWS_XRAY_DAEMON_ADDRESS", f"{host}:{port}")
        monkeypatch.setenv("XRAY_SAMPLE_ALL", "true")
{%- if framework.recorder_configured_at_start %}
        # The recorder was configured at start-up; point it here for this test.
        xray_recorder.configure(daemon_address=f"{host}:{port}", sampling=False)
{%- endif %}

        def next_segment():
            header, _, body = sock.recv(65535).partition(b"\n")
            assert json.loads(header) == {"format": "json", "version": 1}
            return json.loads(body)

        yield next_segment


{{ framework.tests }}
