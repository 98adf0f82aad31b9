"""What a failing trace backend costs a service: worker memory, and log lines.

For each combination asked for, bake the project with the defaults, build its image, run it the
way ECS runs its task definition (tests/containers.py: its CPU, memory and environment) with one
worker and tracing pointed at a backend that hangs (or is slow, down or refusing), keep it busy,
and print each worker process's RSS as time goes on, then how many lines a minute the tracer
logged. A bounded tracer's memory levels off once its queue is full; a leak keeps climbing.
Figures, not a test: the suite stays free of timings.

    eval "$(bash .ci/docker-engine up)"
    .venv/bin/python -m benchmarks.failing_backend --minutes 5 flask-snappyflow-py3.12
"""

import argparse
import tempfile
import threading
import time
from pathlib import Path

from cookiecutter.main import cookiecutter

from tests import containers
from tests.backends import failing_backend_variables
from tests.collectors.failing import FAILURES
from tests.combinations import DEFAULT_PYTHON, SUPPORTED_COMBINATIONS
from tests.frameworks import FRAMEWORKS, producer_command
from tests.redis_server import RedisServer
from tests.traffic import TRACER_LINE

TEMPLATE = Path(__file__).resolve().parent.parent
MEGABYTE = 1024 * 1024


def workers_rss(service) -> dict[int, float]:
    """RSS in MB of each worker process: gunicorn's workers, Celery's pool processes."""
    rows = service.container.top(ps_args="-eo pid,ppid,rss")["Processes"]
    processes = sorted(tuple(map(int, row)) for row in rows)  # host pids, oldest first

    def children(parent: int) -> list[tuple[int, int, int]]:
        return [process for process in processes if process[1] == parent]

    init = processes[0][0]  # the init process ECS adds (initProcessEnabled)
    server = children(init)[0][0]  # gunicorn's master, or Celery's main process
    return {pid: rss * 1024 / MEGABYTE for pid, _, rss in children(server)}


def keep_busy(service, combination, stop: threading.Event, done: list) -> None:
    """Pages from one client, or the producer's tasks, one after another until stopped."""
    while not stop.is_set():
        try:
            if FRAMEWORKS[combination.framework].worker:
                service.run(producer_command())
            else:
                service.get("/")
        except OSError as error:  # the service is gone: the sampling loop says why
            print(f"the client stopped: {error}")
            return
        done.append(1)


def measure(client, combination, failure: str, minutes: float, every: float, redis) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="memory-"))
    project = Path(
        cookiecutter(str(TEMPLATE), no_input=True, output_dir=workdir, extra_context=combination._asdict())
    )
    image = containers.build(client, project, tag=f"sf-templates-benchmark:{combination.id}")
    secrets = {"DJANGO_SECRET_KEY": "benchmark-only-" + "k" * 40, "CELERY_BROKER_URL": redis.new_url()}
    needed = {name: secrets[name] for name in FRAMEWORKS[combination.framework].secrets}
    with FAILURES[failure]() as backend:
        variables = {
            **needed,
            **failing_backend_variables(combination.tracing, backend.url, request_time="10s"),
            "WEB_CONCURRENCY": "1",
        }
        service = containers.ContainerService(client, image, project, **variables)
        if FRAMEWORKS[combination.framework].callee:
            service.route_upstream_to(FRAMEWORKS[combination.framework].callee)
        stop, done = threading.Event(), []
        with service:
            busy = threading.Thread(target=keep_busy, args=(service, combination, stop, done))
            busy.start()
            started = time.monotonic()
            print(f"\n{combination.id}, trace backend {failure}: worker RSS in MB")
            print(f"{'s':>6} {'done':>8}  workers")
            samples = []
            while (elapsed := time.monotonic() - started) < minutes * 60:
                service.container.reload()
                if service.container.status != "running":
                    state = service.container.attrs["State"]
                    print(f"the container stopped: exit {state['ExitCode']}, OOM-killed {state['OOMKilled']}")
                    print(service.output()[-3000:])
                    break
                rss = workers_rss(service)
                samples.append(sum(rss.values()))
                figures = " ".join(f"{value:6.1f}" for value in rss.values())
                print(f"{elapsed:6.0f} {len(done):8d}  {figures}", flush=True)
                time.sleep(every)
            stop.set()
            busy.join()
    minutes_run = (time.monotonic() - started) / 60
    tracer = [
        line
        for line in service.output().splitlines()
        if TRACER_LINE.search(line) or "Exception ignored" in line
    ]
    print(f"the tracer logged {len(tracer) / minutes_run:.1f} lines a minute ({len(tracer)} in all):")
    for line in tracer[:5]:
        print(f"    {line[:160]}")
    half = len(samples) // 2
    print(
        f"{combination.id}: {samples[0]:.1f} MB at first, {samples[half]:.1f} MB at half time, "
        f"{samples[-1]:.1f} MB at the end ({samples[-1] - samples[half]:+.1f} MB in the second half)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "combinations", nargs="*", help="combination ids (default: every one on the default Python)"
    )
    parser.add_argument("--failure", choices=sorted(FAILURES), default="hanging")
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--every", type=float, default=15.0, help="seconds between samples")
    args = parser.parse_args()
    by_id = {combination.id: combination for combination in SUPPORTED_COMBINATIONS}
    chosen = [by_id[name] for name in args.combinations] or [
        combination for combination in SUPPORTED_COMBINATIONS if combination.python_version == DEFAULT_PYTHON
    ]
    client, said = containers.connect()
    if client is None:
        raise SystemExit(said)
    with RedisServer() as redis:
        for combination in chosen:
            measure(client, combination, args.failure, args.minutes, args.every, redis)


if __name__ == "__main__":
    main()
