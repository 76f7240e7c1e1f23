"""Every pattern the service matches is RE2 (linear time, no backtracking). Compiled quietly: a bad pattern is
reported by the caller with its file and line, not logged by RE2 to stderr."""

from __future__ import annotations

import re2

QUIET = re2.Options()
QUIET.log_errors = False


def compile_re2(pattern: str) -> re2._Regexp:
    return re2.compile(pattern, QUIET)


class PatternSet:
    """Named patterns, and one RE2 set over all of them: a single pass over a text says which can match at all,
    so the (per-call costly) individual patterns run only where they will find something."""

    def __init__(self, patterns: dict[str, str]) -> None:
        self.compiled = {name: compile_re2(pattern) for name, pattern in patterns.items()}
        self._names = list(patterns)
        self._set = re2.Set.SearchSet(QUIET)
        for pattern in patterns.values():
            self._set.Add(pattern)
        self._set.Compile()

    def present(self, text: str) -> frozenset[str]:
        return frozenset(self._names[i] for i in self._set.Match(text) or ())  # None when nothing matches
