"""Every pattern the service matches is RE2 (linear time, no backtracking). Compiled quietly: a bad pattern is
reported by the caller with its file and line, not logged by RE2 to stderr."""

from __future__ import annotations

import re2

QUIET = re2.Options()
QUIET.log_errors = False


def compile_re2(pattern: str) -> re2._Regexp:
    return re2.compile(pattern, QUIET)
