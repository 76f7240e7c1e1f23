"""A real webhook receiver on 127.0.0.1 for the delivery tests: it answers as told (status, delay) and keeps what
it got."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic() on arrival


class Receiver:
    """`answer(n)` -> (status, delay in seconds) for the n-th request (0, 1, ...)."""

    def __init__(self, answer: Callable[[int], tuple[int, float]] = lambda n: (200, 0.0)) -> None:
        self.answer = answer
        self.received: list[Received] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                arrived = time.monotonic()
                with receiver._lock:
                    n = len(receiver.received)
                    receiver.received.append(Received(self.path, {k.title(): v for k, v in self.headers.items()},
                                                      body, arrived))  # fmt: skip
                status, delay = receiver.answer(n)
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:  # the worker gave up waiting (timeout) and closed the connection
                    pass

            def log_message(self, *args) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, done: Callable[[list[Received]], bool], timeout_s: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                snapshot = list(self.received)
            if done(snapshot):
                return snapshot
            time.sleep(0.01)
        raise AssertionError(f"receiver: condition not met within {timeout_s} s ({len(self.received)} received)")
