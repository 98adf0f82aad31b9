"""Enqueue the demonstration tasks inside one trace and check what they return.

    python -m {{ cookiecutter.project_slug }}.producer [--timeout SECONDS]

Exits 0 when every task ended as expected, 1 otherwise; prints one line per task.
"""

import argparse
import sys

from celery.exceptions import TimeoutError as CeleryTimeoutError
from celery.result import AsyncResult

from . import tasks
from .{{ cookiecutter.tracing }} import traced_run


def outcome(result: AsyncResult, timeout: float):
    """(state, value) once the task is done; value is the exception's type for a failure."""
    try:
        return "SUCCESS", result.get(timeout=timeout)
    except CeleryTimeoutError:
        return "TIMEOUT", None
    except Exception as error:  # the task's own exception, re-raised by get()
        return result.state, type(error).__name__


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait per task")
    timeout = parser.parse_args(argv).timeout

    with traced_run("produce demonstration tasks"):
        sent = {
            "add": tasks.add.delay(2, 3),
            "fail": tasks.fail.delay(),
            "flaky": tasks.flaky.delay(),
            "fan_out": tasks.fan_out.delay(4),
        }
        outcomes = {name: outcome(result, timeout) for name, result in sent.items()}
        child_id = outcomes["fan_out"][1]
        if outcomes["fan_out"][0] == "SUCCESS":
            outcomes["fan_out child"] = outcome(AsyncResult(child_id, app=tasks.app), timeout)

    expected = {
        "add": ("SUCCESS", 5),
        "fail": ("FAILURE", "RuntimeError"),
        "flaky": ("SUCCESS", 2),
        "fan_out": ("SUCCESS", child_id),
        "fan_out child": ("SUCCESS", 8),
    }
    for name, wanted in expected.items():
        got = outcomes.get(name)
        print(f"{'ok' if got == wanted else 'UNEXPECTED':10} {name}: {got}")
    return 0 if outcomes == expected else 1


if __name__ == "__main__":
    sys.exit(main())
