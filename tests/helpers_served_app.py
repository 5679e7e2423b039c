"""A stand-in for the app behind `okr serve`: speaks textual-serve's protocol, delivers a file.

Run as `python helpers_served_app.py LOGIN`: it says who it runs as, offers a
download named after the login (as `App.deliver_text` would), sends its bytes
when asked and stops when told to quit or when its input closes.
"""

from __future__ import annotations

import json
import sys

from textual_serve._binary_encode import dump


def packet(kind: bytes, payload: bytes) -> None:
    sys.stdout.buffer.write(kind + len(payload).to_bytes(4, "big") + payload)
    sys.stdout.buffer.flush()


def main(login: str) -> None:
    sys.stdout.buffer.write(b"__GANGLION__\n")
    packet(b"D", f"served as {login}".encode())
    offer = {
        "type": "deliver_file_start",
        "key": f"report-{login}",
        "path": "exports/report.md",
        "open_method": "download",
        "mime_type": "text/markdown",
        "encoding": "utf-8",
    }
    packet(b"M", json.dumps(offer).encode())
    sent = False
    while len(head := sys.stdin.buffer.read(5)) == 5:
        body = sys.stdin.buffer.read(int.from_bytes(head[1:], "big"))
        if head[:1] != b"M":
            continue
        meta = json.loads(body)
        if meta["type"] == "quit":
            break
        if meta["type"] == "deliver_chunk_request":
            chunk = b"" if sent else f"report of {login}".encode()
            sent = True
            packet(b"P", dump(["deliver_chunk", meta["key"], chunk]))


if __name__ == "__main__":
    main(sys.argv[1])
