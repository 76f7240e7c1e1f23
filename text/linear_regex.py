"""Every pattern the service matches is RE2 (linear time, no backtracking). Compiled quietly: a bad pattern is
reported by the caller with its file and line, not logged by RE2 to stderr."""

from __future__ import annotations

from functools import cached_property

import re2

QUIET = re2.Options()
QUIET.log_errors = False
_CREATED: list[PatternSet] = []  # every set, for compile_pattern_sets


def compile_re2(pattern: str) -> re2._Regexp:
    return re2.compile(pattern, QUIET)


def compile_pattern_sets() -> None:
    """Compile every PatternSet made so far (the detectors' are made at import): before a service's first turn."""
    for patterns in _CREATED:
        patterns.compile()


class PatternSet:
    """Named patterns, and one RE2 set over all of them: a single pass over a text says which can match at all,
    so the (per-call costly) individual patterns run only where they will find something. Compiled on first use:
    the detectors' sets take a few hundred milliseconds, which a command that never reads a text (`policy check`,
    `--help`) should not pay; the service compiles them before its first turn (`prepare_detectors`)."""

    def __init__(self, patterns: dict[str, str]) -> None:
        self._patterns = dict(patterns)
        self._names = list(patterns)
        _CREATED.append(self)

    def compile(self) -> None:
        """Compile now (the patterns and the set), not on first use."""
        _ = self.compiled, self._set

    @cached_property
    def compiled(self) -> dict[str, re2._Regexp]:
        return {name: compile_re2(pattern) for name, pattern in self._patterns.items()}

    @cached_property
    def _set(self) -> re2.Set:
        matcher = re2.Set.SearchSet(QUIET)
        for pattern in self._patterns.values():
            matcher.Add(pattern)
        matcher.Compile()
        return matcher

    def present(self, text: str) -> frozenset[str]:
        return frozenset(self._names[i] for i in self._set.Match(text) or ())  # None when nothing matches
