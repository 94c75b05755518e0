"""The selection string syntax (``parse_selection`` / ``AssetSelection.from_string``)."""

from types import SimpleNamespace

import pytest
from selection_graphs import ALL_MATERIALIZABLE, names

from orchestrator._core.asset_key import AssetKey
from orchestrator._core.errors import InvalidSubsetError
from orchestrator._core.selection import AssetSelection, parse_selection

DIAMOND_BELOW_RAW = {"raw_events", "warehouse/users", "warehouse/orders", "marts/summary", "marts/report"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # exact keys
        ("raw_events", {"raw_events"}),
        ("warehouse/users", {"warehouse/users"}),
        ('"warehouse/users"', {"warehouse/users"}),
        ("ext/source", {"ext/source"}),
        ("  raw_events ,standalone  ", {"raw_events", "standalone"}),
        # everything
        ("*", ALL_MATERIALIZABLE),
        # upstream
        ("+marts/summary", {"marts/summary", "warehouse/users", "warehouse/orders"}),
        ("++marts/report", {"marts/report", "marts/summary", "warehouse/users", "warehouse/orders"}),
        ("*marts/report", DIAMOND_BELOW_RAW),
        ("*warehouse/users", {"warehouse/users", "raw_events"}),
        # downstream
        ("raw_events+", {"raw_events", "warehouse/users", "warehouse/orders"}),
        ("raw_events++", {"raw_events", "warehouse/users", "warehouse/orders", "marts/summary"}),
        ("raw_events*", DIAMOND_BELOW_RAW),
        ("ext/source+", {"ext/source", "raw_events"}),
        # both directions: the union of the two walks, not siblings
        ("+warehouse/users+", {"raw_events", "warehouse/users", "marts/summary"}),
        ("*warehouse/users*", {"raw_events", "warehouse/users", "marts/summary", "marts/report"}),
        ("+marts/summary*", {"warehouse/users", "warehouse/orders", "marts/summary", "marts/report"}),
        # filters
        ("group:warehouse", {"warehouse/users", "warehouse/orders"}),
        ('group:"marts"', {"marts/summary", "marts/report"}),
        ("group:raw", {"raw_events"}),
        ("GROUP:raw", {"raw_events"}),
        ("tag:tier=gold", {"warehouse/users"}),
        ('tag:"tier"="silver"', {"warehouse/orders"}),
        ("tag:pii", {"warehouse/orders", "standalone"}),
        ('tag:pii=""', {"warehouse/orders", "standalone"}),
        ("tag:tier", set()),
        ("kind:snowflake", {"warehouse/users", "warehouse/orders"}),
        ("kind:dbt", {"standalone"}),
        ("owner:alice@example.com", {"marts/summary", "marts/report"}),
        ("owner:team:ingest", {"raw_events", "ext/source"}),
        ("key_prefix:warehouse", {"warehouse/users", "warehouse/orders"}),
        ("key_substring:ers", {"warehouse/users", "warehouse/orders"}),
        # key: exact and glob
        ("key:raw_events", {"raw_events"}),
        ("key:warehouse/*", {"warehouse/users", "warehouse/orders"}),
        ("key:raw_*", {"raw_events"}),
        ("key:*/report", {"marts/report"}),
        ("key:*s", {"raw_events", "warehouse/users", "warehouse/orders"}),
        ("key:warehouse/[u]sers", {"warehouse/users"}),
        ("key:warehouse/?sers", {"warehouse/users"}),
        ("key:nothing_*", set()),
        ("key:ext/*", set()),
        # bare globs (a * or ? inside the token)
        ("warehouse/*s", {"warehouse/users", "warehouse/orders"}),
        ("mar?s/report", {"marts/report"}),
        ("no*thing", set()),
        # operators around filters
        ("+group:marts", {"marts/summary", "marts/report", "warehouse/users", "warehouse/orders"}),
        ("group:warehouse+", {"warehouse/users", "warehouse/orders", "marts/summary"}),
        ("*tag:tier=gold", {"warehouse/users", "raw_events"}),
        ("kind:python*", DIAMOND_BELOW_RAW),
        ("key:warehouse/*+", {"warehouse/users", "warehouse/orders", "marts/summary"}),
        ('key:"warehouse/u*"*', {"warehouse/users", "marts/summary", "marts/report"}),
        ("warehouse/u*s+", {"warehouse/users", "marts/summary"}),
        # unions
        ("group:raw, tag:tier=gold, standalone", {"raw_events", "warehouse/users", "standalone"}),
        ("raw_events, raw_events", {"raw_events"}),
    ],
)
def test_string_forms(graph, text, expected):
    assert names(parse_selection(text).resolve(graph)) == expected
    assert names(AssetSelection.from_string(text).resolve(graph)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*", ALL_MATERIALIZABLE | {"ext/source"}),
        ("group:raw", {"raw_events", "ext/source"}),
        ("key:ext/*", {"ext/source"}),
        ("tag:domain=events", {"raw_events", "ext/source"}),
    ],
)
def test_include_sources(graph, text, expected):
    assert names(parse_selection(text, include_sources=True).resolve(graph)) == expected
    assert names(AssetSelection.from_string(text, include_sources=True).resolve(graph)) == expected


@pytest.mark.parametrize(
    ("text", "selection"),
    [
        ("a", AssetSelection.keys("a")),
        ("a/b", AssetSelection.keys(["a", "b"])),
        ("+a", AssetSelection.keys("a").upstream(depth=1)),
        ("++a", AssetSelection.keys("a").upstream(depth=2)),
        ("*a", AssetSelection.keys("a").upstream()),
        ("a+", AssetSelection.keys("a").downstream(depth=1)),
        ("a*", AssetSelection.keys("a").downstream()),
        ("+a+", AssetSelection.keys("a").upstream(1) | AssetSelection.keys("a").downstream(1)),
        ("*", AssetSelection.all()),
        ("group:g", AssetSelection.groups("g")),
        ("tag:k=v", AssetSelection.tag("k", "v")),
        ("tag:k", AssetSelection.tag("k", "")),
        ("kind:k", AssetSelection.kind("k")),
        ("owner:o", AssetSelection.owner("o")),
        ("key:a", AssetSelection.keys("a")),
        ("key_prefix:a/b", AssetSelection.key_prefixes(["a", "b"])),
        ("key_substring:ab", AssetSelection.key_substring("ab")),
        ("a, group:g", AssetSelection.keys("a") | AssetSelection.groups("g")),
    ],
)
def test_parse_builds_the_equivalent_api_selection(text, selection):
    assert parse_selection(text) == selection


@pytest.mark.parametrize(
    "text",
    [
        "raw_events",
        "*marts/report",
        "+warehouse/users+",
        "raw_events++, group:marts",
        "tag:tier=gold, tag:pii",
        'tag:"team name"="data eng"',
        "key:warehouse/*, warehouse/*s",
        "owner:team:ingest, kind:python*",
        "key_prefix:warehouse, key_substring:ers",
    ],
)
def test_string_form_round_trips(graph, text):
    selection = parse_selection(text)
    again = parse_selection(str(selection))
    assert again == selection


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text(text):
    with pytest.raises(InvalidSubsetError, match="Selection is empty"):
        parse_selection(text)


@pytest.mark.parametrize("text", ["a,,b", "a, ", ",a", "a, ,b"])
def test_empty_clause(text):
    with pytest.raises(InvalidSubsetError, match="empty clause"):
        parse_selection(text)


@pytest.mark.parametrize(
    ("text", "clause", "reason"),
    [
        ("group:", "group:", "group name is empty"),
        ("a, group:", "group:", "group name is empty"),
        ("kind:", "kind:", "kind name is empty"),
        ("owner:", "owner:", "owner name is empty"),
        ("key:", "key:", "key is empty"),
        ("tag:", "tag:", "tag key is empty"),
        ("tag:=v", "tag:=v", "tag key is empty"),
        ("tag:k=", "tag:k=", "tag value is empty"),
        ("tag:a=b=c", "tag:a=b=c", "expected tag:KEY or tag:KEY=VALUE"),
        ("colour:red", "colour:red", "unknown filter 'colour'"),
        ("group:a b", "group:a b", "unexpected whitespace"),
        ("raw events", "raw events", "unexpected whitespace"),
        ("a//b", "a//b", "not a valid asset key"),
        ("a+b", "a+b", "not a valid asset key"),
        ("+", "+", "asset key is empty"),
        ("**", "**", "asset key is empty"),
        ("+*a", "+*a", "graph operators"),
        ("a*+", "a*+", "graph operators"),
        ('group:a"b"', 'group:a"b"', "misplaced double quote"),
    ],
)
def test_malformed_clause_names_the_clause(text, clause, reason):
    with pytest.raises(InvalidSubsetError) as info:
        parse_selection(text)
    message = str(info.value)
    assert f"Invalid selection clause {clause!r}" in message
    assert reason in message


def test_unterminated_quote():
    with pytest.raises(InvalidSubsetError, match="unterminated double quote"):
        parse_selection('key:"abc')


def test_exact_key_must_exist_but_glob_may_match_nothing(graph):
    assert parse_selection("key:missing_*").resolve(graph) == set()
    with pytest.raises(InvalidSubsetError) as info:
        parse_selection("warehouse/userz, *marts/reprt").resolve(graph)
    message = str(info.value)
    assert "['marts/reprt', 'warehouse/userz']" in message
    assert "warehouse/users" in message
    assert "marts/report" in message


def test_parse_rejects_non_strings():
    with pytest.raises(TypeError):
        parse_selection(["a"])  # type: ignore[arg-type]


# from_coercible -------------------------------------------------------------------------


def test_from_coercible_passes_selections_through():
    selection = AssetSelection.groups("g")
    assert AssetSelection.from_coercible(selection) is selection


def test_from_coercible_parses_strings(graph):
    assert (
        AssetSelection.from_coercible("*warehouse/users") == AssetSelection.keys("warehouse/users").upstream()
    )
    assert names(AssetSelection.from_coercible(["raw_events", "group:marts"]).resolve(graph)) == {
        "raw_events",
        "marts/summary",
        "marts/report",
    }


def test_from_coercible_keys_and_definitions(graph):
    definition = SimpleNamespace(keys=[AssetKey(["warehouse", "users"]), AssetKey(["warehouse", "orders"])])
    spec = SimpleNamespace(key=AssetKey("standalone"))
    assert AssetSelection.from_coercible([AssetKey("a"), AssetKey("b")]) == AssetSelection.keys("a", "b")
    assert names(AssetSelection.from_coercible([definition, spec]).resolve(graph)) == {
        "warehouse/users",
        "warehouse/orders",
        "standalone",
    }
    assert names(AssetSelection.from_coercible(spec).resolve(graph)) == {"standalone"}
    assert names(AssetSelection.from_coercible(["raw_events", AssetKey("standalone")]).resolve(graph)) == {
        "raw_events",
        "standalone",
    }
    assert AssetSelection.from_coercible([]).resolve(graph) == set()


def test_from_coercible_rejects_other_values():
    with pytest.raises(TypeError, match="selection must be"):
        AssetSelection.from_coercible(42)  # type: ignore[arg-type]
