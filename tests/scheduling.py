"""How pytest-xdist shares the tests among its workers: all the tests of one combination go to
the same worker, which then bakes its project and builds its image and virtualenv once.

(xdist's own `--dist loadgroup` does nothing with pytest 9.2: it renames tests through an
attribute pytest no longer reads.)"""

import re

from xdist.scheduler import LoadScopeScheduling

from .combinations import SUPPORTED_COMBINATIONS

# A combination's id as the first parameter of a test id, alone or followed by another one.
_COMBINATION = re.compile(r"\[(" + "|".join(re.escape(c.id) for c in SUPPORTED_COMBINATIONS) + r")(?=[-\]])")


def scope(nodeid: str) -> str:
    """The combination a test is of, or, for a test of none, the test itself."""
    found = _COMBINATION.search(nodeid)
    return found.group(1) if found else nodeid


class ByCombination(LoadScopeScheduling):
    def _split_scope(self, nodeid: str) -> str:
        return scope(nodeid)
