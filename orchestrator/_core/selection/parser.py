"""The asset selection string syntax shared by the CLI and the REST API."""

import re

from ..asset_key import AssetKey
from ..errors import InvalidSubsetError
from .base import AssetSelection
from .leaves import KeyWildCardAssetSelection
from .operations import union_of

_GLOB_CHARS = frozenset("*?[")
_ATTRIBUTE = re.compile(r"^([A-Za-z_]+):(.*)$", re.DOTALL)
_LEADING_OPS = re.compile(r"^(\*|\++)")
_TRAILING_OPS = re.compile(r"(\*|\++)$")
_QUOTED = re.compile(r'^"([^"]*)"$')
_TAG = re.compile(r'^(?:"(?P<qkey>[^"]*)"|(?P<key>[^"=]*))(?:=(?:"(?P<qvalue>[^"]*)"|(?P<value>[^"=]*)))?$')
FILTERS = ("key", "key_prefix", "key_substring", "group", "tag", "kind", "owner")

# A graph operator: ``None`` when absent, else ``(depth,)`` with ``depth=None`` for ``*``.
_Walk = tuple[int | None] | None


class _ClauseError(Exception):
    pass


def parse_selection(text: str, include_sources: bool = False) -> AssetSelection:
    """Parse selection text into an ``AssetSelection``.

    The text is a comma-separated list of clauses; the result is their union. Whitespace
    around clauses is ignored. A clause is one of:

    * ``name`` or ``path/to/name``: that exact asset (an error at resolve time if undefined);
    * ``*``: every asset;
    * a bare pattern with ``*`` or ``?`` inside, e.g. ``raw_*_users``: keys matching it;
    * ``key:PATTERN``: exact key, or an ``fnmatch`` pattern on the ``/``-joined key
      (``key:warehouse/*``, ``key:raw_*``); a pattern matching nothing selects nothing;
    * ``key_prefix:a/b``, ``key_substring:text``, ``group:NAME``, ``kind:NAME``, ``owner:NAME``;
    * ``tag:KEY=VALUE`` or ``tag:KEY`` (a key-only tag, i.e. value ``""``).

    Any clause may be wrapped in graph operators: ``+`` per level or ``*`` for all levels,
    before it for upstream (``+a``, ``++a``, ``*a``) and after it for downstream (``a+``,
    ``a*``), or both (``+a+``, ``*a*``: the union of the two walks). After a ``key:`` filter
    a trailing ``*`` belongs to the pattern; quote the value to walk downstream instead
    (``key:"raw_*"*``). Values may be written in double quotes.

    Args:
        text: The selection text, e.g. ``"*marts/summary, group:raw"``.
        include_sources: If True, filters (``*``, ``group:``, ``tag:``, ``kind:``, patterns...)
            also match external assets. Exact keys always match them.

    Raises:
        InvalidSubsetError: If the text or a clause is empty, or a clause is malformed; the
            message names the clause.

    Examples:
        >>> str(parse_selection("raw_users, *warehouse/users+, group:marts"))
        'raw_users, *warehouse/users, warehouse/users+, group:marts'
        >>> parse_selection("tag:tier=gold") == AssetSelection.tag("tier", "gold")
        True
        >>> parse_selection("group:")
        Traceback (most recent call last):
        ...
        orchestrator._core.errors.InvalidSubsetError: Invalid selection clause 'group:': group name is empty
    """
    if not isinstance(text, str):
        raise TypeError(f"Selection text must be a str, got {type(text).__name__}")
    if not text.strip():
        raise InvalidSubsetError("Selection is empty: give at least one asset key or filter")
    selections: list[AssetSelection] = []
    for raw in _split_clauses(text):
        clause = raw.strip()
        if not clause:
            raise InvalidSubsetError(f"Selection {text!r} has an empty clause (check the commas)")
        try:
            selections.append(_parse_clause(clause, include_sources))
        except _ClauseError as error:
            raise InvalidSubsetError(f"Invalid selection clause {clause!r}: {error}") from None
    return union_of(selections)


def _split_clauses(text: str) -> list[str]:
    clauses: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            clauses.append("".join(current))
            current = []
        else:
            current.append(char)
    if quoted:
        raise InvalidSubsetError(f"Selection {text!r} has an unterminated double quote")
    clauses.append("".join(current))
    return clauses


def _parse_clause(clause: str, include_sources: bool) -> AssetSelection:
    if clause == "*":
        return AssetSelection.all(include_sources=include_sources)
    up, body = _take_leading_ops(clause)
    attribute = _ATTRIBUTE.match(body)
    if attribute:
        name = attribute.group(1).lower()
        value, down = _take_trailing_ops(attribute.group(2), keep_star=name == "key")
        base = _parse_filter(name, value, include_sources)
    else:
        value, down = _take_trailing_ops(body, keep_star=False)
        base = _parse_key(value, include_sources)
    walks: list[AssetSelection] = []
    if up is not None:
        walks.append(base.upstream(depth=up[0]))
    if down is not None:
        walks.append(base.downstream(depth=down[0]))
    if not walks:
        return base
    return walks[0] if len(walks) == 1 else walks[0] | walks[1]


def _take_leading_ops(clause: str) -> tuple[_Walk, str]:
    match = _LEADING_OPS.match(clause)
    if not match:
        return None, clause
    ops = match.group(1)
    return _walk(ops), clause[len(ops) :]


def _take_trailing_ops(value: str, keep_star: bool) -> tuple[str, _Walk]:
    match = _TRAILING_OPS.search(value)
    if not match:
        return value, None
    ops = match.group(1)
    if ops == "*" and keep_star and not value.endswith('"*'):
        return value, None
    return value[: -len(ops)], _walk(ops)


def _walk(ops: str) -> _Walk:
    return (None,) if ops == "*" else (len(ops),)


def _unquote(value: str) -> str:
    match = _QUOTED.match(value)
    if match:
        return match.group(1)
    if '"' in value:
        raise _ClauseError("misplaced double quote")
    if any(char.isspace() for char in value):
        raise _ClauseError("unexpected whitespace")
    return value


def _parse_key(text: str, include_sources: bool) -> AssetSelection:
    if text[:1] in ("*", "+") or text[-1:] in ("*", "+"):
        raise _ClauseError("graph operators are one '*' or a run of '+' on each side")
    value = _unquote(text)
    if not value:
        raise _ClauseError("asset key is empty")
    if "*" in value or "?" in value:
        return KeyWildCardAssetSelection(selected_key_wildcard=value, include_sources=include_sources)
    return AssetSelection.keys(_to_key(value))


def _to_key(value: str) -> AssetKey:
    try:
        return AssetKey.from_user_string(value)
    except ValueError as error:
        raise _ClauseError(f"{value!r} is not a valid asset key ({error})") from None


def _parse_filter(name: str, text: str, include_sources: bool) -> AssetSelection:
    if name == "tag":
        return _parse_tag(text, include_sources)
    if name not in FILTERS:
        raise _ClauseError(f"unknown filter {name!r}; use one of {', '.join(FILTERS)}")
    value = _unquote(text)
    if not value:
        raise _ClauseError(
            f"{name.replace('_', ' ')} is empty" if name.startswith("key") else f"{name} name is empty"
        )
    if name == "key":
        if _GLOB_CHARS & set(value):
            return KeyWildCardAssetSelection(selected_key_wildcard=value, include_sources=include_sources)
        return AssetSelection.keys(_to_key(value))
    if name == "key_prefix":
        return AssetSelection.key_prefixes(_to_key(value).path, include_sources=include_sources)
    if name == "key_substring":
        return AssetSelection.key_substring(value, include_sources=include_sources)
    if name == "group":
        return AssetSelection.groups(value, include_sources=include_sources)
    if name == "kind":
        return AssetSelection.kind(value, include_sources=include_sources)
    return AssetSelection.owner(value)


def _parse_tag(text: str, include_sources: bool) -> AssetSelection:
    match = _TAG.match(text)
    if not match:
        raise _ClauseError("expected tag:KEY or tag:KEY=VALUE")
    key = match.group("qkey") if match.group("qkey") is not None else match.group("key")
    if not key:
        raise _ClauseError("tag key is empty")
    if any(char.isspace() for char in key) and match.group("qkey") is None:
        raise _ClauseError("unexpected whitespace")
    if match.group("qvalue") is not None:
        value = match.group("qvalue")
    elif match.group("value") is not None:
        value = match.group("value")
        if not value:
            raise _ClauseError('tag value is empty; write tag:KEY, or tag:KEY="" for an empty value')
        if any(char.isspace() for char in value):
            raise _ClauseError("unexpected whitespace")
    else:
        value = ""
    return AssetSelection.tag(key, value, include_sources=include_sources)
