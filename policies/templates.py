"""Customer-facing templates: `${facts.order.id}`-style placeholders, nothing executable."""

from __future__ import annotations

import string
from typing import Any


class TemplateError(Exception):
    """A placeholder names nothing in the context."""


class _Dotted(string.Template):
    idpattern = r"[a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*"
    flags = 0


def _lookup(context: dict[str, Any], dotted: str) -> Any:
    value: Any = context
    for part in dotted.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise TemplateError(f"${{{dotted}}} is not available")
    return value


def _format(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def placeholders(template: str) -> list[str]:
    return sorted({m.group("braced") or m.group("named") for m in _Dotted.pattern.finditer(template)
                   if m.group("braced") or m.group("named")})  # fmt: skip


def render(template: str, context: dict[str, Any]) -> str:
    return _Dotted(template).substitute({name: _format(_lookup(context, name)) for name in placeholders(template)})
