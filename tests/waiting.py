import time


def wait_until(condition, what: str, timeout: float = 20.0, interval: float = 0.05) -> None:
    """Poll condition() until it is true; after timeout seconds fail, saying what was awaited."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)
