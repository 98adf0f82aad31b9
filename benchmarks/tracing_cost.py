"""What tracing costs a service: throughput, latency, CPU, memory, start time and size.

Each framework is baked once per backend and installed with its own recipe (tests/virtualenvs.py).
Each variant then runs as its Dockerfile starts it (tests/services.py replays it): one worker,
pinned to one core, while wrk, pinned to the other, keeps 8 connections busy on a light read page
and on the framework's own page. Rounds interleave the variants, and every ratio compares figures
of one round; the ratios' spread over the rounds says how noisy the run was.

  floor       the app with its tracing module replaced by a no-op: nothing of any agent imported
  off         the backend installed, its tracing switched off as its module documents
  every       every request traced, sent to a local collector that speaks the backend's protocol
  production  the task definition's sampling; X-Ray's is its default rule (the first request
              each second, then 5 %), served by a sampling API stand-in
  guide       Flask with SnappyFlow wired as SnappyFlow's own guide shows, every request traced

Celery: tasks per second and CPU per task, `add` tasks sent by a process on the other core to
one pool process. "traced" is the share of requests (tasks) whose transaction reached the
collector, counted after the service was stopped with SIGTERM. Figures, not a test.

    .venv/bin/python -m benchmarks.tracing_cost                      # every framework
    .venv/bin/python -m benchmarks.tracing_cost flask --rounds 3 --seconds 5
"""

import argparse
import contextlib
import dataclasses
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import psutil
from cookiecutter.main import cookiecutter

from benchmarks import publication
from tests import dockerfile
from tests.backends import local_collector
from tests.collectors.xray_sampling import XRaySamplingApi
from tests.combinations import DEFAULT_SLUG
from tests.redis_server import RedisServer
from tests.services import LOAD_BALANCER_HOST, ReplayedService
from tests.virtualenvs import project_virtualenv
from tests.waiting import wait_until

TEMPLATE = Path(__file__).resolve().parent.parent
BACKENDS = ("snappyflow", "xray", "opentelemetry")
VARIANTS = ("floor", "off", "every", "production", "guide")
# The light read page, then the framework's own page.
PAGES = {
    "flask": ("/visits/1", "/"),
    "django": ("/items/1/", "/"),
    "aiohttp": ("/ping", "/"),
    "celery": ("add",),
}
SERVICE_CORE, LOAD_CORE = 0, 1
PY_SPY = str(Path(sys.executable).parent / "py-spy")  # requirements-dev.txt installs it
FLOOR_MODULE = '''"""The benchmark's floor: no tracing, and nothing of any agent imported."""

import contextlib


def init_tracing(target):
    pass


def client_trace_configs():
    return []


def log_fields():
    return {}


def deliver_and_stop(*args, **kwargs):
    pass


def traced_run(name):
    return contextlib.nullcontext()
'''
# Flask's init_tracing() as SnappyFlow's guide writes it, in place of the generated one (the
# module's other functions stay: the stop still delivers what the agent holds).
GUIDE_WIRING = """

def init_tracing(app):
    from elasticapm.contrib.flask import ElasticAPM
    from sf_apm_lib.snappyflow import Snappyflow

    sf = Snappyflow()
    sf.init(os.getenv("SF_PROFILE_KEY"), os.getenv("SF_PROJECT_NAME"), os.getenv("SF_APP_NAME"))
    trace = sf.get_trace_config()
    app.config["ELASTIC_APM"] = {
        "SERVICE_NAME": "flask-service",
        "SERVER_URL": trace.get("SFTRACE_SERVER_URL"),
        "GLOBAL_LABELS": trace.get("SFTRACE_GLOBAL_LABELS"),
        "VERIFY_SERVER_CERT": trace.get("SFTRACE_VERIFY_SERVER_CERT"),
        "SPAN_FRAMES_MIN_DURATION": trace.get("SFTRACE_SPAN_FRAMES_MIN_DURATION"),
        "STACK_TRACE_LIMIT": trace.get("SFTRACE_STACK_TRACE_LIMIT"),
        "CAPTURE_SPAN_STACK_TRACES": trace.get("SFTRACE_CAPTURE_SPAN_STACK_TRACES"),
        "METRICS_INTERVAL": "0s",
    }
    ElasticAPM(app)
"""
# What a sender process runs, on the load core, in the worker's environment.
SEND_TASKS = f"""
import sys
from {DEFAULT_SLUG}.tasks import add
results = [add.delay(2, 3) for _ in range(int(sys.argv[1]))]
assert all(result.get(timeout=120) == 5 for result in results)
"""
OFF = {
    "snappyflow": {"SF_PROFILE_KEY": ""},
    "xray": {"AWS_XRAY_SDK_ENABLED": "false"},
    "opentelemetry": {"OTEL_SDK_DISABLED": "true"},
}


@dataclasses.dataclass
class Figures:
    """One variant's figures for one page in one round."""

    rate: float  # requests (tasks) per second
    p50: float | None  # ms
    p99: float | None
    cpu: float  # CPU ms per request (task), every process of the service
    rss: float = 0.0  # MB, the largest worker process
    start: float = 0.0  # s, from the start command to the first answered page (healthy worker)
    traced: float | None = None  # share of answered requests whose transaction arrived


class PinnedService(ReplayedService):
    """The replayed service on one core; for the floor, its tracing module made a no-op; for the
    guide, its init_tracing() replaced by SnappyFlow's guide wiring."""

    def __init__(self, *args, variant: str = "", tracing: str = "", first_page: str = "", **variables):
        super().__init__(*args, **variables)
        self.variant, self.tracing, self.first_page = variant, tracing, first_page

    def build(self) -> None:
        super().build()
        module = self.workdir / DEFAULT_SLUG / f"{self.tracing}.py"
        if self.variant == "floor":
            module.write_text(FLOOR_MODULE)
        elif self.variant == "guide":
            module.write_text(module.read_text() + GUIDE_WIRING)

    def start(self) -> None:
        self.build()
        started = time.monotonic()
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                ["taskset", "--cpu-list", str(SERVICE_CORE), *dockerfile.command(self.dockerfile)],
                cwd=self.workdir,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if self.first_page:
            wait_until(self.answers, "the first page", timeout=60, interval=0.005)
        else:
            wait_until(self.healthy, "the worker's health check", timeout=60, interval=0.05)
        self.started_in = time.monotonic() - started

    def answers(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"the service exited with {self.process.returncode}:\n{self.output()}")
        try:
            status, _ = self.get(self.first_page, timeout=5)
        except OSError:
            return False
        return status == 200

    def pages_answered(self) -> int:
        """Requests answered, health checks aside, as its access log says (wrk does not count
        those still under way when it stops)."""
        lines = self.output().splitlines()
        return sum("gunicorn.access" in line and "/health" not in line for line in lines)

    def processes(self) -> list[psutil.Process]:
        root = psutil.Process(self.process.pid)
        return [root, *root.children(recursive=True)]

    def cpu_seconds(self) -> float:
        total = 0.0
        for process in self.processes():
            with contextlib.suppress(psutil.NoSuchProcess):
                times = process.cpu_times()
                total += times.user + times.system
        return total

    def worker_rss_mb(self) -> float:
        leaves = [p for p in self.processes() if not p.children()]
        return max(p.memory_info().rss for p in leaves) / 2**20


def wrk(url: str, seconds: float, connections: int) -> tuple[int, float, float, float]:
    """(requests, per second, p50 ms, p99 ms) of a wrk run from the load core."""
    command = [
        *("taskset", "--cpu-list", str(LOAD_CORE), "wrk", "--latency", "-t1"),
        *(f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s"),
        *("-H", f"Host: {LOAD_BALANCER_HOST}", "-H", "X-Forwarded-Proto: https", url),
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"wrk saw failures on {url}:\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+[a-z]+)", out, re.MULTILINE))
    if set(latency) != {"50", "99"}:
        raise RuntimeError(f"wrk printed no latency distribution for {url}:\n{out}")
    return requests, rate, milliseconds(latency["50"]), milliseconds(latency["99"])


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


@contextlib.contextmanager
def backend_for(variant: str, tracing: str):
    """(collector or None, variables) for a variant of a backend."""
    if variant in ("floor", "off"):
        yield None, OFF[tracing]
        return
    with contextlib.ExitStack() as stack:
        collector, variables = stack.enter_context(local_collector(tracing))
        # Production's sending intervals, not the tests' quick ones.
        variables.pop("ELASTIC_APM_API_REQUEST_TIME", None)
        variables.pop("OTEL_BSP_SCHEDULE_DELAY", None)
        if variant == "production":
            sampling = stack.enter_context(XRaySamplingApi())
            variables.pop("XRAY_SAMPLE_ALL", None)
            if tracing == "xray":
                daemon = variables["AWS_XRAY_DAEMON_ADDRESS"]
                variables["AWS_XRAY_DAEMON_ADDRESS"] = f"tcp:{sampling.address} udp:{daemon}"
            elif tracing == "opentelemetry":
                variables.pop("OTEL_TRACES_SAMPLER")  # the task definition's
                variables["OTEL_TRACES_SAMPLER_ARG"] = f"endpoint={sampling.url}"
        yield collector, variables


def traced_count(collector, worker: bool) -> int:
    if worker:
        return collector.tasks_traced()
    return sum(collector.requests_by_path().values())


class Benchmark:
    def __init__(self, arguments, workdir: Path, redis: RedisServer | None):
        self.arguments, self.workdir, self.redis = arguments, workdir, redis
        self.projects: dict[tuple[str, str], tuple[Path, Path]] = {}

    def project(self, framework: str, tracing: str) -> tuple[Path, Path]:
        """(project, virtualenv), baked and installed once."""
        key = (framework, tracing)
        if key not in self.projects:
            context = {"framework": framework, "tracing": tracing}
            context["python_version"] = self.arguments.python
            output = self.workdir / f"{framework}-{tracing}"
            project = Path(
                cookiecutter(str(TEMPLATE), no_input=True, output_dir=output, extra_context=context)
            )
            self.projects[key] = project, project_virtualenv(project, self.arguments.python)
        return self.projects[key]

    def run_variant(self, framework: str, variant: str, tracing: str) -> dict[str, Figures]:
        """Start, measure every page, stop; the figures per page."""
        project, venv = self.project(framework, tracing)
        pages = PAGES[framework]
        worker = framework == "celery"
        secrets = {"DJANGO_SECRET_KEY": "benchmark-only-" + "k" * 40}
        if worker:
            secrets["CELERY_BROKER_URL"] = self.redis.new_url()
        scratch = Path(tempfile.mkdtemp(dir=self.workdir))
        with backend_for(variant, tracing) as (collector, variables):
            service = PinnedService(
                project,
                venv,
                scratch,
                variant=variant,
                tracing=tracing,
                first_page="" if worker else pages[-1],
                WEB_CONCURRENCY="1",
                CELERY_CONCURRENCY="1",
                **secrets,
                **variables,
            )
            figures, tasks = {}, 0
            with service:
                for page in reversed(pages):  # warm up; the light page reads what the own page wrote
                    tasks += self.load(service, page, warm_up=True)[0]
                profiled = f"{framework}-{tracing}-{variant}" if collector is not None else ""
                for page in pages:
                    count, figures[page] = self.load(service, page, profiled=profiled)
                    tasks += count
                rss = service.worker_rss_mb()
            answered = tasks if worker else service.pages_answered()
            if collector is not None:
                with contextlib.suppress(AssertionError):
                    wait_until(lambda: traced_count(collector, worker) >= answered, "traces", timeout=15)
                traced = traced_count(collector, worker) / answered
        shutil.rmtree(scratch, ignore_errors=True)
        for page in pages:
            figures[page].rss, figures[page].start = rss, service.started_in
            figures[page].traced = traced if collector is not None else None
        return figures

    def load(
        self, service: PinnedService, page: str, warm_up: bool = False, profiled: str = ""
    ) -> tuple[int, Figures]:
        """(requests or tasks answered, figures) of one measured run; with --profile, a traced
        run is profiled under the name `profiled`."""
        seconds = 1.0 if warm_up else self.arguments.seconds
        before = service.cpu_seconds()
        if page in PAGES["celery"]:
            tasks = self.arguments.tasks // (10 if warm_up else 1)
            started = time.perf_counter()
            sent = service.run(
                ["taskset", "--cpu-list", str(LOAD_CORE), "python", "-c", SEND_TASKS, str(tasks)]
            )
            elapsed = time.perf_counter() - started
            if sent.returncode != 0:
                raise RuntimeError(f"sending tasks failed:\n{sent.stdout}{sent.stderr}")
            count, rate, p50, p99 = tasks, tasks / elapsed, None, None
        else:
            with self.profiling(service, page, seconds, profiled):
                count, rate, p50, p99 = wrk(service.url + page, seconds, self.arguments.connections)
        cpu = (service.cpu_seconds() - before) * 1000 / count
        return count, Figures(rate, p50, p99, cpu)

    @contextlib.contextmanager
    def profiling(self, service: PinnedService, page: str, seconds: float, name: str):
        """With --profile, py-spy samples the worker while the page is loaded, then the
        tracer's share of its samples and where they went are printed."""
        if not self.arguments.profile or not name:
            yield
            return
        (worker,) = [process for process in service.processes() if not process.children()]
        output = self.arguments.profile / f"{name}-{page.strip('/').replace('/', '-') or 'index'}.txt"
        command = [
            *("taskset", "--cpu-list", str(LOAD_CORE), PY_SPY, "record", "--nonblocking"),
            *("--pid", str(worker.pid), "--rate", "200", "--duration", f"{seconds:.0f}"),
            *("--format", "raw", "--output", str(output)),
        ]
        sampler = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        yield
        if sampler.wait(timeout=seconds + 30) != 0:
            raise RuntimeError(f"py-spy failed: {sampler.stderr.read()}")
        print(f"\n{name}, {page}: {profile_summary(output.read_text())}", flush=True)


# Where a frame is the tracer's: the agents' packages and the service's own tracing module.
TRACER_FRAME = re.compile(
    r"[/(](elasticapm|sf_apm_lib|aws_xray_sdk|opentelemetry|amazon/opentelemetry|wrapt)/"
    r"|/(snappyflow|xray|xray_celery|opentelemetry|opentelemetry_hooks)\.py:"
)


def profile_summary(raw: str, most: int = 8) -> str:
    """The tracer's share of the samples, and where they went: by the first tracer frame of
    each stack (what the service called), and by the innermost frame (where the time went,
    in the tracer or in what it called)."""
    total = in_tracer = 0
    entered, spent = defaultdict(int), defaultdict(int)
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        tracer = [frame for frame in frames if TRACER_FRAME.search(frame)]
        total += int(count)
        if tracer:
            in_tracer += int(count)
            entered[tracer[0]] += int(count)
            spent[frames[-1]] += int(count)
    if not total:
        return "no samples"
    lines = [f"{in_tracer / total:.0%} of {total} samples in the tracer"]
    for title, counts in (("entered at", entered), ("spent in", spent)):
        lines.append(f"  {title}:")
        top = sorted(counts.items(), key=lambda item: -item[1])[:most]
        lines += [f"    {count / total:6.1%}  {frame}" for frame, count in top]
    return "\n".join(lines)


def installed_mb(project: Path, venv: Path, tracing: str) -> float:
    """MB of the distributions that only the backend's requirements bring in."""
    names = requirement_names((TEMPLATE / "templates" / "tracing" / tracing / "requirements.in").read_text())
    framework = requirement_names((project / "requirements.in").read_text()) - names
    script = """
import json, re, sys
from importlib import metadata
def norm(name): return re.sub(r"[-_.]+", "-", name).lower()
dists = {norm(d.metadata["Name"]): d for d in metadata.distributions()}
def closure(names):
    seen, todo = set(), [norm(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen or name not in dists: continue
        seen.add(name)
        for requirement in dists[name].requires or []:
            if "extra ==" not in requirement:
                todo.append(re.split(r"[ ;<>=!~\\[(]", requirement, maxsplit=1)[0])
    return seen
tracing, framework = json.loads(sys.argv[1]), json.loads(sys.argv[2])
only = closure(tracing) - closure(framework)
print(sum(f.size or 0 for name in only for f in dists[name].files or []))
"""
    command = [
        str(venv / "bin" / "python"),
        "-c",
        script,
        json.dumps(sorted(names)),
        json.dumps(sorted(framework)),
    ]
    return int(subprocess.run(command, capture_output=True, text=True, check=True).stdout) / 1e6


def requirement_names(text: str) -> set[str]:
    lines = (line.split("#")[0].strip() for line in text.splitlines())
    return {
        re.split(r"[ ;<>=!~\[]", line, maxsplit=1)[0] for line in lines if line and not line.startswith("-")
    }


def shown(figures: dict, name: str, form: str) -> str:
    return format(figures[name], form) if name in figures else "-"


def report(framework: str, rounds: list[dict], benchmark: Benchmark, backends: list[str]) -> dict:
    """One table: medians over the rounds, ratios to the floor of the same round. Returns the
    figures publication.py publishes, per variant and page."""
    unit = "tasks" if framework == "celery" else "req"
    print(f"\n{framework}, Python {benchmark.arguments.python}, {len(rounds)} rounds", flush=True)
    columns = [("page", 11), ("variant", 25), (f"{unit}/s", 8), ("ratio", 5), ("spread", 9)]
    columns += [(name, 7) for name in ("p50 ms", "p99 ms", "CPU ms", "+CPU ms", "RSS MB", "start s")]
    columns += [("traced", 7)]
    print(" ".join(f"{name:<{width}}" if width > 9 else f"{name:>{width}}" for name, width in columns))
    published = {"pages": list(PAGES[framework]), "variants": {}, "noise": {}}
    for page in PAGES[framework]:
        floors = [one["floor"][page] for one in rounds]
        rates = [floor.rate for floor in floors]
        noise = (max(rates) - min(rates)) / statistics.median(rates)
        published["noise"][page] = round(noise, 3)
        for name in rounds[0]:
            runs = [one[name][page] for one in rounds]
            ratios = [run.rate / floor.rate for run, floor in zip(runs, floors, strict=True)]
            added = [run.cpu - floor.cpu for run, floor in zip(runs, floors, strict=True)]
            figures = published["variants"].setdefault(name, {})
            figures[page] = one = {
                "rate": round(statistics.median(run.rate for run in runs)),
                "ratio": round(statistics.median(ratios), 2),
                "spread": [round(min(ratios), 2), round(max(ratios), 2)],
                "cpu": round(statistics.median(added), 2),
                "rss": round(statistics.median(run.rss for run in runs), 1),
                "start": round(statistics.median(run.start for run in runs), 2),
            }
            for latency in ("p50", "p99"):
                values = [getattr(run, latency) for run in runs if getattr(run, latency) is not None]
                if values:
                    one[latency] = round(statistics.median(values), 2)
            traced = [run.traced for run in runs if run.traced is not None]
            if traced:
                one["traced"] = round(statistics.median(traced), 3)
            print(
                f"{page:<11} {name:<25} {one['rate']:8d} {one['ratio']:5.2f} "
                f"{'-' if len(runs) < 2 else '{:.2f}-{:.2f}'.format(*one['spread']):>9} "
                f"{shown(one, 'p50', '7.2f'):>7} {shown(one, 'p99', '7.2f'):>7} "
                f"{statistics.median(run.cpu for run in runs):7.2f} {one['cpu']:+7.2f} "
                f"{one['rss']:7.1f} {one['start']:7.2f} {shown(one, 'traced', '.1%'):>7}"
            )
        print(f"{'':<11} noise: the floor's {unit}/s varied by {noise:.0%} over the rounds")
    sizes = {
        tracing: round(installed_mb(*benchmark.project(framework, tracing), tracing), 1)
        for tracing in backends
    }
    print(
        "installed by the backend alone, MB: "
        + ", ".join(f"{tracing} {size:.1f}" for tracing, size in sizes.items()),
        flush=True,
    )
    published["installed"] = sizes
    return published


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("frameworks", nargs="*", default=list(PAGES), help="default: all four")
    parser.add_argument("--backends", nargs="+", default=list(BACKENDS), choices=BACKENDS)
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS[1:]), choices=VARIANTS[1:])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8.0, help="of load per page and variant")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--tasks", type=int, default=600, help="Celery tasks per measured run")
    parser.add_argument("--python", default="3.13", help="3.12.1 here turns SnappyFlow off")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="sample each traced worker with py-spy (raw stacks into DIR) and print where the "
        "tracer spends its time; py-spy shares the load's core, so the figures are not comparable",
    )
    parser.add_argument(
        "--publish",
        action="store_true",
        help="write the figures where the READMEs show them (benchmarks/publication.py); "
        "needs every framework, backend and variant",
    )
    arguments = parser.parse_args()
    if arguments.publish and (
        set(arguments.frameworks) != set(PAGES)
        or set(arguments.backends) != set(BACKENDS)
        or set(arguments.variants) != set(VARIANTS[1:])
        or arguments.profile
    ):
        parser.error("--publish needs every framework, backend and variant, and no --profile")
    if arguments.profile:
        arguments.profile.mkdir(parents=True, exist_ok=True)
    if len(os.sched_getaffinity(0)) < 2 or not shutil.which("wrk"):
        raise SystemExit("needs two cores and wrk (apt-get install wrk)")
    print(f"CPU: {cpu_model()}; service on core {SERVICE_CORE}, load on core {LOAD_CORE}", flush=True)
    with tempfile.TemporaryDirectory(prefix="tracing-cost-") as workdir, contextlib.ExitStack() as stack:
        redis = stack.enter_context(RedisServer()) if "celery" in arguments.frameworks else None
        benchmark = Benchmark(arguments, Path(workdir), redis)
        results = {}
        for framework in arguments.frameworks:
            runs = [("floor", arguments.backends[0])] + [
                (variant, tracing)
                for tracing in arguments.backends
                for variant in arguments.variants
                if variant != "guide" or (framework, tracing) == ("flask", "snappyflow")
            ]
            names = {run: "floor" if run[0] == "floor" else f"{run[1]} {run[0]}" for run in runs}
            rounds = []
            for number in range(arguments.rounds):
                figures = {}
                turn = number % len(runs)  # each round starts with another variant
                for variant, tracing in runs[turn:] + runs[:turn]:
                    figures[names[variant, tracing]] = benchmark.run_variant(framework, variant, tracing)
                rounds.append({name: figures[name] for name in names.values()})
                print(f"  {framework}: round {number + 1} of {arguments.rounds} done", flush=True)
            results[framework] = report(framework, rounds, benchmark, arguments.backends)
    if arguments.publish:
        measured = {
            "date": time.strftime("%Y-%m-%d"),
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "python": arguments.python,
            "rounds": arguments.rounds,
            "seconds": arguments.seconds,
            "connections": arguments.connections,
            "tasks": arguments.tasks,
        }
        publication.publish(measured, results)
        print(f"published in {publication.FIGURES.relative_to(TEMPLATE)} and README.md")


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


if __name__ == "__main__":
    main()
