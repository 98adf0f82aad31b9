{%- if cookiecutter.framework == "celery" -%}
"""Exit 0 when this container's worker answers a ping: the container health check.

A worker that is alive but no longer consumes (lost broker, stuck pool) does not answer.
The Dockerfile and the ECS task definition run this module with `python -m`.
"""

import socket
import sys

from .worker import app


def main() -> int:
    node = f"celery@{socket.gethostname()}"
    replies = app.control.ping(destination=[node], timeout=5)
    if any(node in reply for reply in replies):
        return 0
    print(f"health check failed: {node} did not answer a ping", file=sys.stderr)
    return 1
{%- else -%}
"""Exit 0 when the local server answers /health: the container health check.

Slim Python images have no curl, so the Dockerfile and the ECS task definition run
this module with `python -m` instead.
"""

import os
import sys
import urllib.request

from .health import HEALTH_PATH


def main() -> int:
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}{HEALTH_PATH}"
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"health check failed: {url}: {error}", file=sys.stderr)
        return 1
{%- endif %}


if __name__ == "__main__":
    sys.exit(main())
