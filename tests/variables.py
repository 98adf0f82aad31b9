"""The environment variables a generated project's code reads, found in its source."""

import re
from pathlib import Path

# os.environ.get("X"), os.environ["X"], os.getenv("X"), the settings' env_bool/env_list("X"),
# and a library told which variable to read (env="X").
READ = re.compile(
    r"""(?:(?:os\.environ(?:\.get)?|os\.getenv|env_bool|env_list)\s*[(\[]\s*|\benv=)["']([A-Z][A-Z0-9_]+)["']"""
)
# Names kept in a constant and read through it: REQUIRED_VARIABLES = (...), variable = "X".
NAMED = re.compile(r"""^\s*(?:[A-Z_]*VARIABLES?|variable)\s*=\s*\(?([^)\n]*)""", re.MULTILINE)
NAME = re.compile(r"""["']([A-Z][A-Z0-9_]+)["']""")


def variables_read(project: Path) -> set[str]:
    """Every variable the project's code and scripts read by name (its tests excluded)."""
    found = set()
    for path in project.rglob("*.py"):
        if "tests" in path.relative_to(project).parts:
            continue
        text = path.read_text()
        found.update(READ.findall(text))
        for constant in NAMED.findall(text):
            found.update(NAME.findall(constant))
    return found
