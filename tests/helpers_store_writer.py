"""A writer process for the multi-process store tests.

Usage: python helpers_store_writer.py WORKSPACE USER KR_ID COUNT
(OKR_TEST_STORE_SETTINGS in the environment: JSON of okr_tui.store thresholds to set)
Makes COUNT check-ins (COUNT 0: forever) and prints each check-in's id on its
own line, flushed, only after the write returned: a printed id is an
acknowledged write, which must survive the process being killed.
"""

from __future__ import annotations

import json
import os
import sys
from itertools import count

from okr_tui import store as store_module
from okr_tui.store import Store


def main(argv: list[str]) -> int:
    path, user, kr_id, total = argv[0], argv[1], argv[2], int(argv[3])
    # Tests may shrink the store's thresholds (a journal from the first write, folded
    # every few writes, the event log left on disk), so a kill can land in a fold.
    for name, value in json.loads(os.environ.get("OKR_TEST_STORE_SETTINGS", "{}")).items():
        setattr(store_module, name, value)
    store = Store(path, user, create=False, lock_timeout=60)
    print("ready", flush=True)
    numbers = count(1) if total == 0 else range(1, total + 1)
    for number in numbers:
        checkin = store.check_in(kr_id, float(number), confidence=5, note=f"{user} {number}")
        sys.stdout.write(f"{checkin.id}\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
