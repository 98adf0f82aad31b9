"""X-Ray for Celery, which the X-Ray SDK does not cover: one trace from producer to worker.

Sending a task records a short `publish <task>` subsegment in the sender's trace and puts
an X-Amzn-Trace-Id header, naming that subsegment, into the task message. The worker then
records each task as a segment that continues the sender's trace, with the exception when
the task fails and a flag when it is retried. The segment is always ended and the context
always cleared, even when the task raised or left subsegments open. Tasks run eagerly
(`task.apply()`, tests) become subsegments of whatever called them.

Everything happens in Celery's signal handlers, connected by `trace_tasks()`.
"""

from traceback import extract_tb

from aws_xray_sdk import global_sdk_config
from aws_xray_sdk.core import xray_recorder
from aws_xray_sdk.core.models.trace_header import TraceHeader
from aws_xray_sdk.ext.util import calculate_sampling_decision
from celery import signals

TRACE_HEADER = "X-Amzn-Trace-Id"

# What each running task opened, by task id: its segment, or its subsegment when eager.
_task_entities = {}


def trace_tasks() -> None:
    signals.before_task_publish.connect(_publishing, weak=False)
    signals.after_task_publish.connect(_published, weak=False)
    signals.task_prerun.connect(_task_starting, weak=False)
    signals.task_retry.connect(_task_retrying, weak=False)
    signals.task_failure.connect(_task_failed, weak=False)
    signals.task_postrun.connect(_task_finished, weak=False)


def _publishing(sender=None, headers=None, **_):
    """Open `publish <task>` in the sender's trace and pass its trace header along."""
    if not global_sdk_config.sdk_enabled() or xray_recorder.get_trace_entity() is None:
        return
    subsegment = xray_recorder.begin_subsegment(f"publish {sender}", namespace="remote")
    if subsegment is not None and headers is not None:
        header = TraceHeader(
            root=subsegment.trace_id, parent=subsegment.id, sampled=int(subsegment.sampled)
        )
        headers[TRACE_HEADER] = header.to_header_str()


def _published(sender=None, **_):
    entity = xray_recorder.get_trace_entity()
    if entity is not None and entity.name == f"publish {sender}":
        xray_recorder.end_subsegment()


def _task_starting(task_id=None, task=None, **_):
    if not global_sdk_config.sdk_enabled():
        return
    if task.request.is_eager:
        _task_entities[task_id] = xray_recorder.begin_subsegment(task.name)
        return
    # Protocol 2 task messages carry custom headers as attributes of the request.
    header = TraceHeader.from_header_str(getattr(task.request, TRACE_HEADER, None) or "")
    sampled = calculate_sampling_decision(
        trace_header=header,
        recorder=xray_recorder,
        sampling_req={"service": xray_recorder.service, "method": "TASK", "path": task.name},
    )
    segment = xray_recorder.begin_segment(
        name=xray_recorder.service, traceid=header.root, parent_id=header.parent, sampling=sampled
    )
    segment.put_annotation("celery_task", task.name)
    segment.put_metadata("task_id", task_id, "celery")
    _task_entities[task_id] = segment


def _task_retrying(sender=None, request=None, reason=None, **_):
    entity = _task_entities.get(request.id) if request is not None else None
    if entity is not None:
        entity.add_error_flag()
        entity.put_annotation("celery_retry", True)
        entity.put_metadata("retry_reason", str(reason), "celery")


def _task_failed(task_id=None, exception=None, traceback=None, **_):
    entity = _task_entities.get(task_id)
    if entity is not None and exception is not None:
        entity.add_exception(exception, _stack(traceback))


def _stack(tb):
    return extract_tb(tb) if tb is not None else []


def _task_finished(task_id=None, task=None, state=None, **_):
    entity = _task_entities.pop(task_id, None)
    if entity is None:
        return
    entity.put_annotation("celery_state", str(state))
    # End whatever the task left open above its own entity: an open subsegment would keep
    # the whole segment from being sent.
    while (current := xray_recorder.get_trace_entity()) is not None and current is not entity:
        xray_recorder.end_subsegment()
    if task.request.is_eager:
        xray_recorder.end_subsegment()
    else:
        xray_recorder.end_segment()
        xray_recorder.clear_trace_entities()
