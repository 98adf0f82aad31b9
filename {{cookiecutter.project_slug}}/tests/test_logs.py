import json
import logging
import sys

from {{ cookiecutter.project_slug }} import logs

IDS = {"trace.id": "0af7651916cd43dd8448eb211c80319c", "span.id": "b7ad6b7169203331"}


def record(trace_ids=None, exc_info=None):
    made = logging.LogRecord("my.logger", logging.INFO, "", 1, "Visit %d recorded", (3,), exc_info)
    if trace_ids is not None:
        made.trace_ids = trace_ids
    return made


def test_json_lines_are_one_object_each_with_the_trace_ids():
    line = logs.JsonLines().format(record(trace_ids=IDS))
    assert "\n" not in line
    fields = json.loads(line)
    assert fields["level"] == "INFO" and fields["logger"] == "my.logger"
    assert fields["message"] == "Visit 3 recorded"
    assert fields["trace.id"] == IDS["trace.id"] and fields["span.id"] == IDS["span.id"]
    assert fields["time"].endswith("+00:00")


def test_json_lines_keep_the_traceback_inside_the_object():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        line = logs.JsonLines().format(record(exc_info=sys.exc_info()))
    assert "\n" not in line
    assert "RuntimeError: boom" in json.loads(line)["error"]


def test_plain_text_puts_the_trace_ids_after_the_logger():
    line = logs.PlainText().format(record(trace_ids=IDS))
    assert f"my.logger [trace.id={IDS['trace.id']} span.id={IDS['span.id']}]: Visit 3" in line
    assert "my.logger: Visit 3 recorded" in logs.PlainText().format(record(trace_ids={}))


def test_outside_a_trace_a_record_carries_no_ids():
    made = record()
    assert logs.TraceIds().filter(made) and made.trace_ids == {}


def test_log_format_chooses_the_formatter(monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "json")
    assert isinstance(logs.formatter(), logs.JsonLines)
    for value in ("text", "xml", ""):
        monkeypatch.setenv("LOG_FORMAT", value)
        assert isinstance(logs.formatter(), logs.PlainText)
