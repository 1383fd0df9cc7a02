"""Named points where the tests of concurrent and interrupted runs stop a run, so they force an
interleaving instead of hoping a sleep produces it. Inert unless PRESSGEN_FAULT is set:

    PRESSGEN_FAULT=<point>:die             the process ends there at once, as if killed (exit 137)
    PRESSGEN_FAULT=<point>:pause:<file>    it creates <file>.reached, then waits until <file> exists
"""

from __future__ import annotations

import os
import time
from pathlib import Path

ENV = "PRESSGEN_FAULT"


def point(name: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    where, _, action = spec.partition(":")
    if where != name:
        return
    if action == "die":
        os._exit(137)
    if action.startswith("pause:"):
        flag = Path(action.removeprefix("pause:"))
        Path(f"{flag}.reached").touch()
        while not flag.exists():
            time.sleep(0.01)
