"""The API's request parser: JSON with a nesting limit and no NUL characters.

``json.loads`` recurses once per nesting level and raises ``RecursionError`` near 1000 levels; a
body nested deeper than ``MAX_JSON_DEPTH`` is refused with a 400 long before. NUL (``\\u0000``) is
refused anywhere in the body, keys included, with a 400 naming the top-level field: PostgreSQL
stores neither ``text`` nor ``jsonb`` with NUL, so such a value could only fail later.
"""

import codecs
import json
from collections import deque
from collections.abc import Iterator
from typing import Any

from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings
from rest_framework.utils.json import strict_constant

MAX_JSON_DEPTH = 64
NUL = "\x00"


def json_depth_exceeds(value: Any, limit: int) -> bool:
    """Whether ``value`` nests containers more than ``limit`` levels deep (iterative: no recursion).

    Examples:
        >>> json_depth_exceeds({"a": [1, {"b": []}]}, 3), json_depth_exceeds({"a": [1, {"b": []}]}, 2)
        (False, True)
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def nul_paths(value: Any, path: str = "") -> Iterator[str]:
    """Dotted paths (``[i]`` for list items) of the strings and keys in ``value`` that contain NUL.

    Examples:
        >>> list(nul_paths({"tags": {"a": "x\\x00"}, "ops": [{"k": ["\\x00"]}]}))
        ['tags.a', 'ops[0].k[0]']
    """
    queue: deque[tuple[Any, str]] = deque([(value, path)])
    while queue:
        item, where = queue.popleft()
        if isinstance(item, str):
            if NUL in item:
                yield where
        elif isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{where}.{key}" if where else str(key)
                if NUL in str(key):
                    yield child_path.replace(NUL, "\\x00")
                else:
                    queue.append((child, child_path))
        elif isinstance(item, list):
            queue.extend((child, f"{where}[{i}]") for i, child in enumerate(item))


def nul_error(paths: list[str]) -> dict[str, list[str]]:
    """Field errors for NUL characters found at ``paths``, keyed by top-level field."""
    errors: dict[str, list[str]] = {}
    for where in paths:
        field = where.split(".", 1)[0].split("[", 1)[0] if where else "detail"
        errors.setdefault(field, []).append(f"NUL characters (\\u0000) are not allowed ({where}).")
    return errors


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, refusing bodies nested deeper than ``MAX_JSON_DEPTH`` or holding NUL."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        parse_constant = strict_constant if api_settings.STRICT_JSON else None
        try:
            data = json.load(codecs.getreader(encoding)(stream), parse_constant=parse_constant)
        except RecursionError:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels") from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if json_depth_exceeds(data, MAX_JSON_DEPTH):
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels")
        paths = list(nul_paths(data))
        if paths:
            raise ValidationError(nul_error(paths))
        return data
