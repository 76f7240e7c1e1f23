"""Loading a bundle: everything is validated and compiled at load, or the bundle is rejected whole.

Checks: schema, unique rule ids, CEL conditions compile and read only their stage's variables, RE2 patterns
compile, referenced templates and disclaimers exist, every template renders with the bundle's sample data.
Errors name the file, the line and the rule id.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cel
import jsonschema_rs
import re2
import yaml
from pydantic import ValidationError

from interlock.policies.intents import IntentMatcher
from interlock.policies.schema import STAGE_VARIABLES, Bundle, Rule, SignalSettings, Tools
from interlock.policies.signals import NO_MODELS, SignalModels
from interlock.policies.templates import TemplateError, placeholders, render
from interlock.text.entities import compile_order_id
from interlock.text.linear_regex import compile_re2

_SAMPLE_TURN = {"text": "sample", "normalized": "sample", "index": 0, "bot": "bot", "tenant": "tenant"}
_SAMPLE_CALL = {"id": "call_sample", "name": "tool", "args": {}, "summary": "tool"}


class BundleError(Exception):
    def __init__(self, source: str, message: str, line: int | None = None, rule_id: str | None = None) -> None:
        self.source, self.line, self.rule_id, self.message = source, line, rule_id, message
        where = source + (f":{line}" if line else "")
        super().__init__(f"{where}: " + (f"rule {rule_id}: " if rule_id else "") + message)


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    program: cel.Program
    # An intent the condition cannot be true without; lets the engine skip the rule without running CEL.
    required_intent: str | None = None
    # The input variables the condition reads, and of each the keys it reads (None: all of it).
    reads: dict[str, frozenset[str] | None] = field(default_factory=dict)


# What follows a variable when a key of it is read: `.key`, `["key"]` or `['key']`.
_KEY_ACCESS = re.compile(r"""\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*"([^"\\]*)"\s*\]|\[\s*'([^'\\]*)'\s*\])""")


def fields_read(condition: str, variables: set[str]) -> dict[str, frozenset[str] | None]:
    """Of each variable, the keys the condition reads; None where it uses the variable some other way (then the
    whole value is handed to CEL). Conservative: a name that only looks like a use still counts."""
    reads: dict[str, frozenset[str] | None] = {}
    for name in sorted(variables):
        keys: set[str] | None = set()
        for use in re.finditer(rf"(?<![.\w]){re.escape(name)}\b", condition):
            access = _KEY_ACCESS.match(condition, use.end())
            if access is None:
                keys = None
                break
            keys.add(next(group for group in access.groups() if group is not None))
        reads[name] = None if keys is None else frozenset(keys)
    return reads


def merged_reads(rules: tuple[CompiledRule, ...]) -> dict[str, frozenset[str] | None]:
    """What a stage's rules read together: the union of their keys; None wins."""
    merged: dict[str, frozenset[str] | None] = {}
    for rule in rules:
        for name, keys in rule.reads.items():
            known = merged.get(name, frozenset())
            merged[name] = None if keys is None or known is None else known | keys
    return merged


# `"<intent>" in signals.intents && ...` as the leading conjunct. Only trusted when the condition has no `||` and
# no `?` (ternary), which are the only CEL operators that bind looser than `&&`.
_LEADING_INTENT = re.compile(r'^\s*"([A-Za-z0-9_.-]+)"\s+in\s+signals\.intents\s*(?:&&|$)')


# Variables bound by CEL's comprehension macros (`list.exists(m, ...)`), which are not inputs.
_MACRO_VARIABLE = re.compile(r"\.(?:all|exists|exists_one|map|filter)\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,")


def required_intent(condition: str) -> str | None:
    if "||" in condition or "?" in condition:
        return None
    match = _LEADING_INTENT.match(condition)
    return match.group(1) if match else None


@dataclass(frozen=True)
class CompiledTool:
    """A catalog entry, ready to judge calls: its argument and result validators, its session expressions, and
    the tool rules that judge its calls (in evaluation order)."""

    name: str
    side_effect: str
    confirm: bool
    arguments: Any  # a compiled JSON Schema validator
    result: Any | None  # the fact source's result validator; None when the tool is not a fact source
    fact: str | None
    session: tuple[tuple[str, cel.Program], ...]
    rules: tuple[CompiledRule, ...]


@dataclass(frozen=True)
class CompiledBundle:
    spec: Bundle
    version: str
    source: str
    pre: tuple[CompiledRule, ...]
    post: tuple[CompiledRule, ...]
    matcher: IntentMatcher
    order_id: Any
    pre_reads: dict[str, frozenset[str] | None] = field(default_factory=dict)
    post_reads: dict[str, frozenset[str] | None] = field(default_factory=dict)
    tool: tuple[CompiledRule, ...] = ()
    tool_reads: dict[str, frozenset[str] | None] = field(default_factory=dict)
    tools: dict[str, CompiledTool] = field(default_factory=dict)
    models: SignalModels = NO_MODELS  # what `spec.signals` asks for, handed over by the service


def _line_of(node: yaml.Node | None, loc: tuple) -> int | None:
    """1-based line of the deepest YAML node on the path `loc` (pydantic's error location)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def bundle_version(spec: Bundle) -> str:
    content = spec.model_dump(mode="json")
    if spec.tools == Tools():  # bundles without tools keep the versions they had before tools existed
        del content["tools"]
    if spec.signals == SignalSettings():  # and bundles that ask for no model, theirs from before models
        del content["signals"]
    for rule in content["rules"]:
        if rule["tools"] is None:
            del rule["tools"]
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def _compile_rule(rule: Rule, source: str, line: int | None) -> CompiledRule:
    try:
        program = cel.compile(rule.when)
    except (ValueError, RuntimeError) as exc:
        raise BundleError(source, f"when does not compile: {exc}".splitlines()[0], line, rule.id) from exc
    bound = set(_MACRO_VARIABLE.findall(rule.when))
    unknown = sorted(set(program.references()["variables"]) - STAGE_VARIABLES[rule.stage] - bound)
    if unknown:
        allowed = ", ".join(sorted(STAGE_VARIABLES[rule.stage]))
        raise BundleError(source, f"when reads {', '.join(unknown)}; {rule.stage} rules may read {allowed}", line,
                          rule.id)  # fmt: skip
    inputs = set(program.references()["variables"]) - bound
    return CompiledRule(rule, program, required_intent(rule.when), fields_read(rule.when, inputs))


def _check_references(spec: Bundle, source: str, rule_lines: list[int | None]) -> None:
    if spec.handoff.template not in spec.templates:
        raise BundleError(source, f"handoff.template {spec.handoff.template!r} is not in templates")
    for name in ("deny_template", "confirm_template"):
        template = getattr(spec.tools, name)
        if template is not None and template not in spec.templates:
            raise BundleError(source, f"tools.{name} {template!r} is not in templates")
    for rule, line in zip(spec.rules, rule_lines, strict=True):
        action = rule.action
        if action.template is not None and action.template not in spec.templates:
            raise BundleError(source, f"template {action.template!r} is not in templates", line, rule.id)
        if action.disclaimer is not None and action.disclaimer not in spec.disclaimers:
            raise BundleError(source, f"disclaimer {action.disclaimer!r} is not in disclaimers", line, rule.id)
        unknown = sorted(set(rule.tools or ()) - set(spec.tools.catalog))
        if unknown:
            raise BundleError(source, f"tools {', '.join(unknown)} are not in tools.catalog", line, rule.id)


def _schema_validator(schema: dict, source: str, where: str, root: yaml.Node | None, loc: tuple) -> Any:
    try:
        jsonschema_rs.meta.validate(schema)
        return jsonschema_rs.validator_for(schema)
    except (jsonschema_rs.ValidationError, ValueError) as exc:
        message = str(exc).splitlines()[0]
        raise BundleError(source, f"{where} is not a valid JSON Schema: {message}", _line_of(root, loc)) from exc


def _compile_tools(spec: Bundle, tool_rules: tuple[CompiledRule, ...], source: str,
                   root: yaml.Node | None) -> dict[str, CompiledTool]:  # fmt: skip
    compiled = {}
    for name, tool in sorted(spec.tools.catalog.items()):
        loc = ("tools", "catalog", name)
        arguments = _schema_validator(tool.parameters, source, f"tools.catalog.{name}.parameters", root,
                                      (*loc, "parameters"))  # fmt: skip
        result, session = None, []
        if tool.source is not None:
            result = _schema_validator(tool.source.result_schema, source, f"tools.catalog.{name}.source.result_schema",
                                       root, (*loc, "source", "result_schema"))  # fmt: skip
            for key, expression in sorted(tool.source.session.items()):
                try:
                    program = cel.compile(expression)
                except (ValueError, RuntimeError) as exc:
                    where = _line_of(root, (*loc, "source", "session", key))
                    message = f"tools.catalog.{name}.source.session.{key} does not compile: {exc}".splitlines()[0]
                    raise BundleError(source, message, where) from exc
                unknown = sorted(set(program.references()["variables"]) - {"result", "args"})
                if unknown:
                    raise BundleError(source, f"tools.catalog.{name}.source.session.{key} reads "
                                      f"{', '.join(unknown)}; it may read result, args",
                                      _line_of(root, (*loc, "source", "session", key)))  # fmt: skip
                session.append((key, program))
        rules = tuple(r for r in tool_rules if r.rule.tools is None or name in r.rule.tools)
        compiled[name] = CompiledTool(name, tool.side_effect, tool.confirm, arguments, result,
                                      tool.source.fact if tool.source else None, tuple(session), rules)  # fmt: skip
    return compiled


def _check_templates(spec: Bundle, source: str, root: yaml.Node | None) -> None:
    # The handoff message and disclaimers are the fallback texts: they must never depend on data.
    fixed = [("handoff", "template", spec.templates.get(spec.handoff.template, ""))] + [
        ("disclaimers", name, text) for name, text in sorted(spec.disclaimers.items())
    ]
    for section, name, text in fixed:
        if placeholders(text):
            raise BundleError(source, f"{section}.{name} must be fixed text, without placeholders",
                              _line_of(root, (section, name)))  # fmt: skip
    sample = {"turn": _SAMPLE_TURN, "signals": {"intents": [], "entities": {}}, **spec.template_sample,
              "call": _SAMPLE_CALL | spec.template_sample.get("call", {})}  # fmt: skip
    for name, text in sorted(spec.templates.items()):
        try:
            render(text, sample)
        except (TemplateError, ValueError) as exc:
            line = _line_of(root, ("templates", name))
            raise BundleError(source, f"templates.{name} does not render with template_sample: {exc}", line) from exc


def _check_patterns(spec: Bundle, source: str, root: yaml.Node | None) -> None:
    checks = [(("order_id_pattern",), spec.order_id_pattern)] + [
        (("intents", name, "patterns", i), pattern)
        for name, intent in sorted(spec.intents.items())
        for i, pattern in enumerate(intent.patterns)
    ]
    for loc, pattern in checks:
        try:
            compile_re2(pattern)
        except re2.error as exc:
            raise BundleError(source, f"{'.'.join(map(str, loc))}: not a valid RE2 pattern: {exc}",
                              _line_of(root, loc)) from exc  # fmt: skip


def compile_bundle(raw: Any, source: str, root: yaml.Node | None = None) -> CompiledBundle:
    if not isinstance(raw, dict):
        raise BundleError(source, "a bundle is a YAML mapping")
    try:
        spec = Bundle.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        rule_id = None
        if len(loc) > 1 and loc[0] == "rules" and isinstance(loc[1], int):
            rules = raw.get("rules") or []
            rule_id = rules[loc[1]].get("id") if loc[1] < len(rules) and isinstance(rules[loc[1]], dict) else None
        field = ".".join(str(p) for p in loc)
        raise BundleError(source, f"{field}: {error['msg']}", _line_of(root, loc), rule_id) from exc
    rule_lines = [_line_of(root, ("rules", i)) for i in range(len(spec.rules))]
    seen: set[str] = set()
    for rule, line in zip(spec.rules, rule_lines, strict=True):
        if rule.id in seen:
            raise BundleError(source, "duplicate rule id", line, rule.id)
        seen.add(rule.id)
    _check_references(spec, source, rule_lines)
    _check_patterns(spec, source, root)
    _check_templates(spec, source, root)
    compiled = [_compile_rule(r, source, line) for r, line in zip(spec.rules, rule_lines, strict=True)]
    ordered = sorted(compiled, key=lambda c: (c.rule.priority, c.rule.id))
    matcher = IntentMatcher.build(
        {name: [w for words in intent.keywords.values() for w in words] for name, intent in spec.intents.items()},
        {name: list(intent.patterns) for name, intent in spec.intents.items()},
    )
    pre = tuple(c for c in ordered if c.rule.stage == "pre")
    post = tuple(c for c in ordered if c.rule.stage == "post")
    tool = tuple(c for c in ordered if c.rule.stage == "tool")
    return CompiledBundle(
        spec=spec,
        version=bundle_version(spec),
        source=source,
        pre=pre,
        post=post,
        matcher=matcher,
        order_id=compile_order_id(spec.order_id_pattern),
        pre_reads=merged_reads(pre),
        post_reads=merged_reads(post),
        tool=tool,
        tool_reads=merged_reads(tool),
        tools=_compile_tools(spec, tool, source, root),
    )


def load_bundle(path: Path | str) -> CompiledBundle:
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BundleError(source, f"cannot read: {exc.strerror or exc}") from exc
    try:
        root = yaml.compose(text)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise BundleError(source, f"not valid YAML: {getattr(exc, 'problem', exc)}",
                          mark.line + 1 if mark else None) from exc  # fmt: skip
    return compile_bundle(raw, source, root)
