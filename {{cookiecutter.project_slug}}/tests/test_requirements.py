"""The locked requirements are complete and installed as locked.

scripts/install.sh installs with --no-deps, so a pin missing from a lock installs fine and
fails only at import. `pip check` cannot be the gate: overrides.txt replaces requirements
that packages declare wrongly or needlessly, and pip reports those. Here an overridden
requirement is judged by its override, and every other one by what the package declares.
"""

from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = Path(__file__).resolve().parent.parent
LOCKS = {
    "requirements.txt": ["requirements.in"],
    "requirements-dev.txt": ["requirements.in", "requirements-dev.in"],
}


def requirements_in(name: str) -> list[Requirement]:
    """A requirements file's requirements: hashes, options and comments left out."""
    path = PROJECT / name
    if not path.exists():
        return []
    lines = path.read_text().replace("\\\n", " ").splitlines()
    specifiers = (line.split("#")[0].split(" --hash")[0].strip() for line in lines)
    return [Requirement(line) for line in specifiers if line and not line.startswith("-")]


def applies(requirement: Requirement, extra: str = "") -> bool:
    return requirement.marker is None or requirement.marker.evaluate({"extra": extra})


def pinned_versions(lock: str) -> dict[str, str]:
    """What a lock installs on this Python and platform: name -> version."""
    pins = {}
    for requirement in filter(applies, requirements_in(lock)):
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{lock}: {requirement} is not pinned"
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def unmet_requirements(lock: str) -> list[str]:
    pins = pinned_versions(lock)
    overrides = {canonicalize_name(r.name): r for r in requirements_in("overrides.txt")}
    # Each pinned package, with the extras the .in files ask of it, and every extra those ask.
    wanted = [(name, "") for name in pins]
    for requirement in (r for name in LOCKS[lock] for r in requirements_in(name)):
        wanted += [(canonicalize_name(requirement.name), extra) for extra in requirement.extras]
    seen, unmet = set(), []
    while wanted:
        name, extra = wanted.pop()
        if (name, extra) in seen or name not in pins:
            continue
        seen.add((name, extra))
        for requirement in map(Requirement, metadata.requires(name) or []):
            if not applies(requirement, extra):
                continue
            needed = canonicalize_name(requirement.name)
            in_force = overrides.get(needed, requirement)
            if not applies(in_force):
                continue
            if needed not in pins:
                unmet.append(f"{name} needs {in_force}, which {lock} does not pin")
            elif not in_force.specifier.contains(pins[needed], prereleases=True):
                unmet.append(f"{name} needs {in_force}, but {lock} pins {pins[needed]}")
            wanted += [(needed, extra) for extra in requirement.extras]
    return unmet


@pytest.mark.parametrize("lock", LOCKS)
def test_every_requirement_of_a_locked_package_is_locked(lock):
    assert unmet_requirements(lock) == []


def installed_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def test_the_environment_has_exactly_the_locked_versions():
    locked = pinned_versions("requirements-dev.txt")
    assert {name: installed_version(name) for name in locked} == locked
