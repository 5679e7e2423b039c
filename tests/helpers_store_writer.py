"""A writer process for the multi-process store tests.

Usage: python helpers_store_writer.py WORKSPACE USER KR_ID COUNT
(OKR_TEST_STORE_SETTINGS in the environment: JSON of okr_tui.store thresholds to set;
OKR_TEST_DIE_IN_BACKUP: a number of bytes, after which a backup being written is
cut off by killing this process, as a crash in the middle of it would;
OKR_TEST_STORE_LEAN=1: the store is opened lean, as okr checkin opens it)
Makes COUNT check-ins (COUNT 0: forever) and prints each check-in's id on its
own line, flushed, only after the write returned: a printed id is an
acknowledged write, which must survive the process being killed.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable
from itertools import count
from typing import Any

from okr_tui import store as store_module
from okr_tui.store import Store


def die_in_backup(after: int) -> None:
    """Kill this process once `after` bytes went into files in a backups folder.

    Both ways a file gets written are watched (write, and sendfile, which copies use).
    """
    written = 0

    def watching(real: Callable[..., int]) -> Callable[..., int]:
        def write(fd: int, *args: Any) -> int:
            nonlocal written
            if ".backups" + os.sep not in os.readlink(f"/proc/self/fd/{fd}"):
                return real(fd, *args)
            room = after - written
            if room <= 0:
                os.kill(os.getpid(), signal.SIGKILL)
            if real is os_write and len(args[0]) > room:
                args = (memoryview(args[0])[:room],)
            elif real is not os_write and args[2] > room:
                args = (*args[:2], room)
            done = real(fd, *args)
            written += done
            return done

        return write

    os_write, os_sendfile = os.write, os.sendfile
    os.write = watching(os_write)  # type: ignore[assignment]
    os.sendfile = watching(os_sendfile)  # type: ignore[assignment]


def main(argv: list[str]) -> int:
    path, user, kr_id, total = argv[0], argv[1], argv[2], int(argv[3])
    # Tests may shrink the store's thresholds (a journal from the first write, folded
    # every few writes, the event log left on disk), so a kill can land in a fold.
    for name, value in json.loads(os.environ.get("OKR_TEST_STORE_SETTINGS", "{}")).items():
        setattr(store_module, name, value)
    if os.environ.get("OKR_TEST_DIE_IN_BACKUP"):
        die_in_backup(int(os.environ["OKR_TEST_DIE_IN_BACKUP"]))
    lean = os.environ.get("OKR_TEST_STORE_LEAN") == "1"
    store = Store(path, user, create=False, lock_timeout=60, lean=lean)
    print("ready", flush=True)
    numbers = count(1) if total == 0 else range(1, total + 1)
    for number in numbers:
        checkin = store.check_in(kr_id, float(number), confidence=5, note=f"{user} {number}")
        sys.stdout.write(f"{checkin.id}\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
