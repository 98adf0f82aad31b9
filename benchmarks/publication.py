"""Where the figures of benchmarks/tracing_cost.py are published.

`--publish` writes them to templates/tracing_cost.jinja, a Jinja data file that each generated
README reads for its own framework and backend (templates/tracing_cost.md), and renders the
whole table into this repository's README, between two markers. The suite checks that the
README's table is the one the data file gives.
"""

import json
import re
from pathlib import Path

import jinja2

TEMPLATE = Path(__file__).resolve().parent.parent
FIGURES = TEMPLATE / "templates" / "tracing_cost.jinja"
README = TEMPLATE / "README.md"
START, END = "<!-- tracing-cost:start -->", "<!-- tracing-cost:end -->"
BACKEND_NAMES = {"snappyflow": "SnappyFlow", "xray": "X-Ray SDK", "opentelemetry": "OpenTelemetry"}
FRAMEWORK_NAMES = {"flask": "Flask", "django": "Django", "aiohttp": "aiohttp", "celery": "Celery"}
HEADER = """{#- What tracing costs each framework and backend, as benchmarks/tracing_cost.py measured it.
    Written by `.venv/bin/python -m benchmarks.tracing_cost --publish`: do not edit by hand.
    Per framework: its pages (the light one first), the floor's figures (no tracer at all),
    and per backend and variant the ratio of throughput to the floor of the same round, the
    CPU milliseconds added per request or task, worker RSS (MB), start to the first answer (s)
    and the share of requests whose trace arrived. -#}
"""


def write(measured: dict, results: dict) -> None:
    FIGURES.write_text(
        HEADER
        + "{%- set measured = "
        + json.dumps(measured, sort_keys=True)
        + " -%}\n{%- set figures = "
        + json.dumps(results, indent=1)
        + " -%}\n"
    )


def load() -> tuple[dict, dict]:
    """(measured, figures) as the data file holds them."""
    module = jinja2.Environment().from_string(FIGURES.read_text()).module
    return module.measured, module.figures


def publish(measured: dict, results: dict) -> None:
    write(measured, results)
    text = README.read_text()
    block = f"{START}\n{readme_table(*load())}\n{END}"
    README.write_text(re.sub(f"{re.escape(START)}.*?{re.escape(END)}", lambda _: block, text, flags=re.S))


def readme_section() -> str:
    """The README's block between the markers, as it stands."""
    text = README.read_text()
    return text[text.index(START) + len(START) : text.index(END)].strip("\n")


def ratio(figures: dict) -> str:
    low, high = figures["spread"]
    return f"{figures['ratio']:.2f}x ({low:.2f}-{high:.2f}), {figures['cpu']:+.2f} ms"


def readme_table(measured: dict, figures: dict) -> str:
    lines = [
        f"Measured on {measured['date']}, {measured['cpu']} ({measured['cores']} cores, a shared VM), "
        f"Python {measured['python']}: "
        f"{measured['rounds']} interleaved rounds of {measured['seconds']:g} s a page, "
        f"wrk with {measured['connections']} connections"
        f" ({measured['tasks']} `add` tasks a run for Celery).",
        "",
        row(
            "Framework, page",
            "Backend",
            "Every request traced",
            "As the task definition samples",
            "Tracing off",
            "Framework's own page, every request",
            "Worker RSS",
            "Start",
            "Installed",
            "Traced",
        ),
        row(*["---"] * 10),
    ]
    guide = figures["flask"]["variants"]["snappyflow guide"][figures["flask"]["pages"][0]]
    lines[1:1] = [
        "",
        "For comparison, Flask with SnappyFlow wired as SnappyFlow's own guide shows (every request "
        f"traced): {ratio(guide)} on `{figures['flask']['pages'][0]}`.",
    ]
    for framework, results in figures.items():
        pages, variants = results["pages"], results["variants"]
        light, own = pages[0], pages[-1]
        floor = variants["floor"][light]
        unit = "tasks/s" if framework == "celery" else "req/s"
        place = "`add` tasks" if framework == "celery" else f"`{light}`"
        noise = max(results["noise"].values())
        untraced = f"untraced: {floor['rate']} {unit} (the floor varied by {noise:.0%})"
        rss, start = f"{floor['rss']:.1f} MB", f"{floor['start']:.2f} s"
        title = f"{FRAMEWORK_NAMES[framework]} {place}"
        lines.append(row(title, untraced, "", "", "", "", rss, start, "", ""))
        for backend, name in BACKEND_NAMES.items():
            every = variants[f"{backend} every"]
            lines.append(
                row(
                    "",
                    name,
                    ratio(every[light]),
                    ratio(variants[f"{backend} production"][light]),
                    f"{variants[f'{backend} off'][light]['ratio']:.2f}x",
                    "" if own == light else ratio(every[own]),
                    f"{every[light]['rss'] - floor['rss']:+.1f} MB",
                    f"{every[light]['start'] - floor['start']:+.2f} s",
                    f"{results['installed'][backend]:.1f} MB",
                    f"{every[light]['traced']:.1%}",
                )
            )
    return "\n".join(lines)


def row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"
