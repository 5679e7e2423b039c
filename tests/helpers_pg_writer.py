"""A writer process for the PostgreSQL multi-process tests.

Usage: python helpers_pg_writer.py URL USER KR_ID COUNT
Prints "ready", then makes COUNT check-ins, printing each one's id on its own
line, flushed, only after the write returned (an acknowledged write).
"""

from __future__ import annotations

import sys

from okr_tui.location import PgUrl
from okr_tui.pg.store import PgStore


def main() -> None:
    url, user, kr_id, total = sys.argv[1:5]
    store = PgStore(PgUrl(url), user, create=False)
    print("ready", flush=True)
    for n in range(int(total)):
        checkin = store.check_in(kr_id, n, note=f"{user} #{n}")
        print(checkin.id, flush=True)
    store.close()


if __name__ == "__main__":
    main()
