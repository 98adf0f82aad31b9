"""A stop in the middle of work loses no trace: on SIGTERM a web service finishes what it
answered and a worker what it ran, delivers those requests' and tasks' traces with the
backend's default batching, and exits well inside the task's stopTimeout."""

import re
import threading
import time
from collections import Counter

import pytest

from .backends import local_collector
from .combinations import WEB_FRAMEWORKS, combination_id, supported
from .containers import ContainerService, record
from .frameworks import FRAMEWORKS, producer_command
from .services import QUICK_STOP
from .traffic import stop_log
from .waiting import wait_until

DEFAULT_BATCHING = "10s"  # SnappyFlow's agent sends every 10 s unless told otherwise
CLIENTS = 8
ANSWERED_BEFORE_STOP = 1000  # a backlog the agent cannot send in the 10 s its exit handler waits


class Load:
    """Clients asking for "/" until the service, having answered, refuses them (or until told to
    stop); counts what was answered in full, what went unanswered in time (the service may still
    have answered, and traced, those) and what failed."""

    def __init__(self, service, clients: int = CLIENTS):
        self.service, self.answered, self.failed = service, Counter(), Counter()
        self.unanswered = 0
        self._done = threading.Event()
        self._clients = [threading.Thread(target=self._client) for _ in range(clients)]

    def _client(self):
        answered = False
        while not self._done.is_set():
            try:
                status, _ = self.service.get("/", timeout=10)
                self.answered[status] += 1
                answered = True
            except OSError as error:
                # On a starved machine an answer may come after the client gave up on it.
                if TimeoutError in (type(error), type(getattr(error, "reason", None))):
                    self.unanswered += 1
                    continue
                if not answered:  # not listening yet
                    self._done.wait(0.1)
                    continue
                # Refused once the service stopped listening: retrying at once would spin, and
                # take from the stopping service the CPU it needs to send its traces and exit.
                self.failed[type(error).__name__] += 1
                return

    def __enter__(self):
        for client in self._clients:
            client.start()
        return self

    def __exit__(self, *exc_info):
        self._done.set()
        for client in self._clients:
            client.join()


def record_stop_under_load(combination, service, done: int, traced: int) -> None:
    if isinstance(service, ContainerService):
        record(combination.id, **{"loaded stop s": service.stopped_in, "done": done, "traced": traced})


@pytest.mark.parametrize("combination", supported(framework=WEB_FRAMEWORKS), ids=combination_id)
def test_sigterm_under_load_delivers_every_answered_requests_trace_and_exits_quickly(
    combination, start_service
):
    framework = FRAMEWORKS[combination.framework]
    with local_collector(combination.tracing, request_time=DEFAULT_BATCHING) as (collector, variables):
        service = start_service(**variables)
        if framework.callee:
            service.route_upstream_to(framework.callee)
        with Load(service) as load:
            with service:
                enough = ANSWERED_BEFORE_STOP
                wait_until(
                    lambda: load.answered.total() >= enough, f"{enough} answered requests", timeout=120
                )
            # Stopped (SIGTERM, then waited for): the clients go on until refused.
            wait_until(lambda: load.failed, "the stopped service to refuse connections")
        time.sleep(0.5)  # the last datagrams or the last POST, still on loopback
        traced = collector.requests_by_path()["/"]
    record_stop_under_load(combination, service, load.answered.total(), traced)
    assert service.exit_status == 0
    # Every answered request, whatever its status (a page that calls the service itself answers
    # 500 once the service has stopped taking connections). A client may also have lost the
    # answer to the request it had in flight when the service closed its connections.
    answered = load.answered.total()
    assert answered <= traced <= answered + load.unanswered + CLIENTS
    assert service.stopped_in < QUICK_STOP, stop_log(service.output())


# How a Celery worker logs each task it ran: succeeded, failed or retried.
TASK_RAN = re.compile(r"Task \S+\[[0-9a-f-]+\] (succeeded in|raised unexpected|retry:)")


@pytest.mark.parametrize("combination", supported(framework=["celery"]), ids=combination_id)
def test_sigterm_while_tasks_run_delivers_every_tasks_trace_and_exits_quickly(combination, start_service):
    with local_collector(combination.tracing, request_time=DEFAULT_BATCHING) as (collector, variables):
        service = start_service(**variables)
        producers = []

        def produce():  # producers one after another, until the worker is gone
            while service.exit_status is None:
                producers.append(service.run(producer_command(5)))

        producing = threading.Thread(target=produce)
        with service:
            producing.start()
            wait_until(lambda: len(producers) >= 2, "two producers' tasks to be run", timeout=120)
        producing.join()
        ran = len(TASK_RAN.findall(service.output()))
        wait_until(lambda: collector.tasks_traced() >= ran, f"the traces of {ran} tasks", timeout=20)
        traced = collector.tasks_traced()
    record_stop_under_load(combination, service, ran, traced)
    assert service.exit_status == 0
    assert traced == ran
    assert service.stopped_in < QUICK_STOP, stop_log(service.output())
