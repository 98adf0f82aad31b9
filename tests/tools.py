import sys
from pathlib import Path


def tool(name: str) -> str:
    """A command installed by requirements-dev.txt into the suite's own virtualenv."""
    return str(Path(sys.executable).parent / name)
