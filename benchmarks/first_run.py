"""First-run benchmark (loopback only, bounded in time): a fresh clone's `make run` until /readyz answers 200.

Clones the repository's committed HEAD into a scratch folder, runs `make run PORT=<free port>` there (install,
demo prepare, serve), polls http://127.0.0.1:<port>/readyz, and stops the service as soon as it answers 200; then
does the same once more on the prepared clone (the warm start). Every line `make run` prints is timestamped, and
each milestone (a command make runs, a line of `interlock demo prepare`, the service's start-up) is a row of the
table with the seconds until the next one: where the first run's time goes.

    .venv/bin/python -m benchmarks.first_run [--repo .] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.load import free_port
from benchmarks.table import print_table

# Lines that start a step: the commands make echoes, what `interlock demo prepare` prints, uvicorn's start-up.
MILESTONE = re.compile(
    r"^(python3? -m venv|\S*\.venv/bin/\S+|touch \S+|base model: |adapter \S+: |index \S+: |"
    r"INFO:\s+(Started server process|Application startup complete))"
)


class TimedOutput:
    """The child's output, read on a thread, one timestamped line per newline or carriage return."""

    def __init__(self, stream, start: float) -> None:
        self.lines: list[tuple[float, str]] = []
        self._start = start
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        pending = b""
        while chunk := stream.read1(65536):
            pending += chunk
            *complete, pending = re.split(rb"[\r\n]", pending)
            now = time.monotonic() - self._start
            self.lines += [(now, line.decode(errors="replace")) for line in complete if line.strip()]

    def join(self) -> None:
        self._thread.join(timeout=5)


def ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def stop(process: subprocess.Popen) -> None:
    """Stop make and everything it started (it runs in a session of its own)."""
    for sig, wait_s in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


def timed_make_run(clone: Path, port: int, limit_s: float) -> tuple[float | None, list[tuple[float, str]]]:
    """Seconds from `make run` to the first 200 from /readyz (None: not within `limit_s`), and its output."""
    start = time.monotonic()
    # Unbuffered, so each line is stamped when it is printed, not when a buffer fills.
    process = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=clone, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, env=os.environ | {"PYTHONUNBUFFERED": "1"},
                               start_new_session=True)  # fmt: skip
    output = TimedOutput(process.stdout, start)
    took = None
    try:
        while time.monotonic() - start < limit_s and process.poll() is None:
            if ready(port):
                took = time.monotonic() - start
                break
            time.sleep(0.2)
    finally:
        stop(process)
        output.join()
    return took, output.lines


def milestones(lines: list[tuple[float, str]], took: float | None) -> list[list[str]]:
    marks = [(at, text) for at, text in lines if MILESTONE.match(text)]
    end = took if took is not None else (lines[-1][0] if lines else 0.0)
    rows = []
    for (at, text), (following, _) in zip(marks, [*marks[1:], (end, "")], strict=True):
        rows.append([f"{at:.1f}", f"{following - at:.1f}", text[:100]])
    rows.append([f"{end:.1f}", "", "/readyz 200" if took is not None else "not ready (gave up)"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--cold-limit", type=float, default=900.0, help="seconds the first run may take")
    parser.add_argument("--warm-limit", type=float, default=120.0, help="seconds the second run may take")
    parser.add_argument("--keep", action="store_true", help="keep the scratch clone")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="first-run-"))
    clone = scratch / "clone"
    try:
        subprocess.run(["git", "clone", "-q", str(args.repo), str(clone)], check=True)
        head = subprocess.run(["git", "-C", str(clone), "log", "-1", "--format=%h %s"], capture_output=True,
                              text=True, check=True).stdout.strip()  # fmt: skip
        print(f"fresh clone of {args.repo} at {head} in {clone}; load average {os.getloadavg()[0]:.2f}\n")
        results = []
        for label, limit in (("first", args.cold_limit), ("warm", args.warm_limit)):
            took, lines = timed_make_run(clone, free_port(), limit)
            results.append((label, took))
            print(f"## {label} `make run`: " + (f"{took:.1f} s to /readyz 200" if took else "not ready") + "\n")
            print_table(["at s", "step s", "step"], milestones(lines, took))
            print()
            if took is None:
                print("\n".join(text for _, text in lines[-20:]), file=sys.stderr)
                break
        print_table(["run", "seconds to /readyz 200"], [[label, f"{took:.1f}" if took else "-"]
                                                       for label, took in results])  # fmt: skip
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
