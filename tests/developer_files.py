"""What a developer's checkout holds besides the project's files: secrets, local databases,
virtualenvs, git, caches, editor and OS files, at the top and inside the package. None of it
may reach the build context, let alone the image."""

import shutil
from pathlib import Path

# A value that stands for every secret a developer keeps in the project folder.
SECRET_VALUE = "sf-templates-secret-3c9d27a1e5"

DEVELOPER_FILES = {
    ".env": f"SF_PROFILE_KEY={SECRET_VALUE}\nDJANGO_SECRET_KEY={SECRET_VALUE}\n",
    ".env.local": f"SF_PROFILE_KEY={SECRET_VALUE}\n",
    ".venv/pyvenv.cfg": f"home = /usr/bin\n# {SECRET_VALUE}\n",
    ".git/config": f'[remote "origin"]\n\turl = https://user:{SECRET_VALUE}@example.com/repo.git\n',
    ".idea/workspace.xml": f"<project>{SECRET_VALUE}</project>\n",
    "db.sqlite3": SECRET_VALUE,
    "visits.sqlite3": SECRET_VALUE,
    "{package}/.env": f"SF_PROFILE_KEY={SECRET_VALUE}\n",
    "{package}/visits.sqlite3": SECRET_VALUE,
    "{package}/visits.sqlite3-journal": SECRET_VALUE,
    "{package}/.DS_Store": SECRET_VALUE,
    "{package}/.settings.py.swp": SECRET_VALUE,
    "{package}/settings.py~": SECRET_VALUE,
    "{package}/__pycache__/local.cpython-312.pyc": SECRET_VALUE,
    "{package}/.pytest_cache/README.md": SECRET_VALUE,
    "{package}/.ruff_cache/CACHEDIR.TAG": SECRET_VALUE,
}


def paths(package: str) -> list[str]:
    return [name.format(package=package) for name in DEVELOPER_FILES]


def with_developer_files(project: Path, copy: Path) -> Path:
    """A copy of the project with a developer's local files added."""
    shutil.copytree(project, copy)
    for name, content in DEVELOPER_FILES.items():
        path = copy / name.format(package=project.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return copy
