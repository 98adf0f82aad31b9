"""What tracing costs a request or a task: X-Ray's SDK against X-Ray through OpenTelemetry.

For each framework, bake the project with each answer, build its image, run it the way ECS runs
its task definition (tests/containers.py: its CPU share, memory and environment) with one worker,
every request or task recorded and sent to a local collector (tests/collectors), and measure
the container's CPU time and the client's latency over a run of pages or of producer batches.
"untraced" is the OpenTelemetry image with OTEL_SDK_DISABLED=true. Figures, not a test: the
suite stays free of timings.

    eval "$(bash .ci/docker-engine up)"
    .venv/bin/python -m benchmarks.tracing_cost --requests 1000 flask django
"""

import argparse
import contextlib
import statistics
import tempfile
import time
from pathlib import Path

from cookiecutter.main import cookiecutter

from tests import containers
from tests.backends import local_collector
from tests.combinations import DEFAULT_PYTHON, Combination
from tests.frameworks import FRAMEWORKS, producer_command
from tests.redis_server import RedisServer

TEMPLATE = Path(__file__).resolve().parent.parent
RUNS = {  # what is measured: the backend baked in, and whether its tracing is on
    "untraced": ("opentelemetry", {"OTEL_SDK_DISABLED": "true"}),
    "xray": ("xray", {}),
    "opentelemetry": ("opentelemetry", {}),
}


def cpu_seconds(service) -> float:
    stats = service.container.stats(stream=False)
    return stats["cpu_stats"]["cpu_usage"]["total_usage"] / 1e9


def one_unit(service, framework) -> float:
    """Seconds a page, or a producer batch, took."""
    started = time.perf_counter()
    if framework.worker:
        producer = service.run(producer_command())
        assert producer.returncode == 0, producer.stdout + producer.stderr
    else:
        status, _ = service.get("/")
        assert status == 200, status
    return time.perf_counter() - started


def spans_per_unit(tracing: str, collector, framework) -> str:
    """How many spans (X-Ray: segments and subsegments) one page or one task run produced."""
    if tracing == "opentelemetry":
        spans = collector.received()
        units = collector.tasks_traced() if framework.worker else collector.requests_by_path()["/"]
    elif tracing == "xray":
        segments = collector.segments()
        spans = [s for segment in segments for s in [segment, *all_subsegments(segment)]]
        units = (
            len(segments)
            if not framework.worker
            else sum("celery_task" in s.get("annotations", {}) for s in segments)
        )
    else:
        return "-"
    return f"{len(spans) / units:.1f}" if units else "-"


def all_subsegments(entity):
    for sub in entity.get("subsegments", []):
        yield sub
        yield from all_subsegments(sub)


def measure(client, framework_name: str, units: int, redis) -> None:
    framework = FRAMEWORKS[framework_name]
    unit = "producer batches" if framework.worker else "pages /"
    print(f"\n{framework_name} on Python {DEFAULT_PYTHON}: {units} {unit}")
    print(f"{'run':<14} {'per s':>8} {'mean ms':>8} {'p99 ms':>8} {'CPU ms':>8} {'spans':>6}")
    for run, (tracing, extra) in RUNS.items():
        combination = Combination(framework_name, tracing, DEFAULT_PYTHON)
        workdir = Path(tempfile.mkdtemp(prefix="cost-"))
        extra_context = combination._asdict()
        project = Path(
            cookiecutter(str(TEMPLATE), no_input=True, output_dir=workdir, extra_context=extra_context)
        )
        image = containers.build(client, project, tag=f"sf-templates-benchmark:{combination.id}")
        secrets = {"DJANGO_SECRET_KEY": "benchmark-only-" + "k" * 40, "CELERY_BROKER_URL": redis.new_url()}
        needed = {name: secrets[name] for name in framework.secrets}
        with contextlib.ExitStack() as stack:
            collector, variables = stack.enter_context(local_collector(tracing))
            variables.pop("OTEL_BSP_SCHEDULE_DELAY", None)  # production's batching: every 5 s
            service = containers.ContainerService(
                client,
                image,
                project,
                **needed,
                **variables,
                **extra,
                WEB_CONCURRENCY="1",
                CELERY_CONCURRENCY="1",
            )
            if framework.callee:
                service.route_upstream_to(framework.callee)
            with service:
                for _ in range(max(3, units // 10)):  # warm up
                    one_unit(service, framework)
                before = cpu_seconds(service)
                latencies = [one_unit(service, framework) for _ in range(units)]
                cpu = cpu_seconds(service) - before
                time.sleep(6.0)  # the last batch of spans
                spans = spans_per_unit(tracing, collector, framework) if not extra else "-"
        # A producer batch is six task runs (add twice, fail, flaky twice, fan_out).
        per_unit = 6 if framework.worker else 1
        total = sum(latencies)
        p99 = statistics.quantiles(latencies, n=100)[98]
        print(
            f"{run:<14} {units * per_unit / total:8.1f} {total / units * 1000:8.2f} {p99 * 1000:8.2f} "
            f"{cpu / (units * per_unit) * 1000:8.2f} {spans:>6}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("frameworks", nargs="*", default=list(FRAMEWORKS), help="default: all four")
    parser.add_argument(
        "--requests", type=int, default=1000, help="pages per run (a worker runs a tenth as many batches)"
    )
    args = parser.parse_args()
    client, said = containers.connect()
    if client is None:
        raise SystemExit(said)
    with RedisServer() as redis:
        for name in args.frameworks:
            units = args.requests // 10 if FRAMEWORKS[name].worker else args.requests
            measure(client, name, units, redis)


if __name__ == "__main__":
    main()
