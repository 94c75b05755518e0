"""``AssetSelection`` constructors, traversals, operators and resolution."""

import copy
import dataclasses
import pickle
from types import SimpleNamespace

import pytest
from selection_graphs import ALL_MATERIALIZABLE, names, node

from orchestrator._core.asset_graph import AssetGraph
from orchestrator._core.asset_key import AssetKey
from orchestrator._core.errors import DagsterInvalidSubsetError, InvalidSubsetError
from orchestrator._core.selection import AssetSelection, KeysAssetSelection, parse_selection


def resolve(selection: AssetSelection, graph: AssetGraph) -> set[str]:
    return names(selection.resolve(graph))


# Constructors ---------------------------------------------------------------------------


def test_all_excludes_external_assets(graph):
    assert resolve(AssetSelection.all(), graph) == ALL_MATERIALIZABLE


def test_all_include_sources(graph):
    assert resolve(AssetSelection.all(include_sources=True), graph) == ALL_MATERIALIZABLE | {"ext/source"}


@pytest.mark.parametrize(
    "keys",
    [
        ("warehouse/users", "raw_events"),
        (AssetKey(["warehouse", "users"]), AssetKey("raw_events")),
        (["warehouse", "users"], ["raw_events"]),
        (("warehouse", "users"), "raw_events"),
    ],
)
def test_keys_accepts_keys_strings_and_parts(graph, keys):
    assert resolve(AssetSelection.keys(*keys), graph) == {"warehouse/users", "raw_events"}


def test_keys_selects_external_asset_when_named(graph):
    assert resolve(AssetSelection.keys("ext/source"), graph) == {"ext/source"}


def test_assets_accepts_definitions_specs_and_keys(graph):
    multi = SimpleNamespace(keys={AssetKey(["warehouse", "users"]), AssetKey(["warehouse", "orders"])})
    spec = SimpleNamespace(key=AssetKey("standalone"))
    selection = AssetSelection.assets(multi, spec, "raw_events", AssetKey(["marts", "report"]))
    assert resolve(selection, graph) == {
        "warehouse/users",
        "warehouse/orders",
        "standalone",
        "raw_events",
        "marts/report",
    }


def test_groups(graph):
    assert resolve(AssetSelection.groups("warehouse"), graph) == {"warehouse/users", "warehouse/orders"}
    assert resolve(AssetSelection.groups("raw", "marts"), graph) == {
        "raw_events",
        "marts/summary",
        "marts/report",
    }
    assert resolve(AssetSelection.groups("nope"), graph) == set()


def test_groups_include_sources(graph):
    assert resolve(AssetSelection.groups("raw", include_sources=True), graph) == {"raw_events", "ext/source"}


def test_tag(graph):
    assert resolve(AssetSelection.tag("tier", "gold"), graph) == {"warehouse/users"}
    assert resolve(AssetSelection.tag("tier", "bronze"), graph) == set()
    assert resolve(AssetSelection.tag("domain", "events"), graph) == {"raw_events"}
    assert resolve(AssetSelection.tag("domain", "events", include_sources=True), graph) == {
        "raw_events",
        "ext/source",
    }


def test_tag_string(graph):
    assert resolve(AssetSelection.tag_string("tier=silver"), graph) == {"warehouse/orders"}
    assert resolve(AssetSelection.tag_string("pii"), graph) == {"warehouse/orders", "standalone"}
    assert AssetSelection.tag_string("pii") == AssetSelection.tag("pii", "")


@pytest.mark.parametrize("bad", ["a=b=c", "=v", ""])
def test_tag_string_rejects_malformed(bad):
    with pytest.raises(InvalidSubsetError, match="Invalid tag selection string"):
        AssetSelection.tag_string(bad)


def test_key_prefixes(graph):
    assert resolve(AssetSelection.key_prefixes("warehouse"), graph) == {"warehouse/users", "warehouse/orders"}
    assert resolve(AssetSelection.key_prefixes(["warehouse", "users"], "marts/report"), graph) == {
        "warehouse/users",
        "marts/report",
    }
    assert resolve(AssetSelection.key_prefixes("ext"), graph) == set()
    assert resolve(AssetSelection.key_prefixes("ext", include_sources=True), graph) == {"ext/source"}
    # A prefix is compared part by part, not character by character.
    assert resolve(AssetSelection.key_prefixes("ware"), graph) == set()


def test_key_substring(graph):
    assert resolve(AssetSelection.key_substring("users"), graph) == {"warehouse/users"}
    assert resolve(AssetSelection.key_substring("e/u"), graph) == {"warehouse/users"}
    assert resolve(AssetSelection.key_substring("source", include_sources=True), graph) == {"ext/source"}


def test_kind(graph):
    assert resolve(AssetSelection.kind("snowflake"), graph) == {"warehouse/users", "warehouse/orders"}
    assert resolve(AssetSelection.kind("python"), graph) == {"raw_events", "warehouse/orders"}
    assert resolve(AssetSelection.kind("dbt"), graph) == {"standalone"}  # stored as a kind tag
    assert resolve(AssetSelection.kind(None), graph) == {"marts/summary", "marts/report"}


def test_owner_includes_external_assets(graph):
    assert resolve(AssetSelection.owner("alice@example.com"), graph) == {"marts/summary", "marts/report"}
    assert resolve(AssetSelection.owner("team:ingest"), graph) == {"raw_events", "ext/source"}
    assert resolve(AssetSelection.owner("nobody"), graph) == set()


# Traversals -----------------------------------------------------------------------------


def test_upstream_all_levels_excludes_external(graph):
    assert resolve(AssetSelection.keys("marts/summary").upstream(), graph) == {
        "marts/summary",
        "warehouse/users",
        "warehouse/orders",
        "raw_events",
    }


@pytest.mark.parametrize(
    ("depth", "expected"),
    [
        (0, {"marts/report"}),
        (1, {"marts/report", "marts/summary"}),
        (2, {"marts/report", "marts/summary", "warehouse/users", "warehouse/orders"}),
        (3, {"marts/report", "marts/summary", "warehouse/users", "warehouse/orders", "raw_events"}),
        (10, {"marts/report", "marts/summary", "warehouse/users", "warehouse/orders", "raw_events"}),
    ],
)
def test_upstream_depth(graph, depth, expected):
    assert resolve(AssetSelection.keys("marts/report").upstream(depth=depth), graph) == expected


def test_upstream_without_self(graph):
    selection = AssetSelection.keys("marts/summary").upstream(depth=1, include_self=False)
    assert resolve(selection, graph) == {"warehouse/users", "warehouse/orders"}


def test_upstream_of_external_asset_is_empty(graph):
    assert resolve(AssetSelection.keys("ext/source").upstream(), graph) == set()


@pytest.mark.parametrize(
    ("depth", "expected"),
    [
        (None, {"raw_events", "warehouse/users", "warehouse/orders", "marts/summary", "marts/report"}),
        (1, {"raw_events", "warehouse/users", "warehouse/orders"}),
        (2, {"raw_events", "warehouse/users", "warehouse/orders", "marts/summary"}),
    ],
)
def test_downstream_depth(graph, depth, expected):
    assert resolve(AssetSelection.keys("raw_events").downstream(depth=depth), graph) == expected


def test_downstream_without_self_and_from_external(graph):
    assert resolve(AssetSelection.keys("warehouse/users").downstream(include_self=False), graph) == {
        "marts/summary",
        "marts/report",
    }
    assert resolve(AssetSelection.keys("ext/source").downstream(depth=1), graph) == {
        "ext/source",
        "raw_events",
    }


def test_roots_and_sinks(graph):
    assert resolve(AssetSelection.all().roots(), graph) == {"raw_events", "standalone"}
    assert resolve(AssetSelection.all().sinks(), graph) == {"marts/report", "standalone"}
    assert resolve(AssetSelection.groups("warehouse").roots(), graph) == {
        "warehouse/users",
        "warehouse/orders",
    }
    assert resolve(AssetSelection.groups("warehouse").sinks(), graph) == {
        "warehouse/users",
        "warehouse/orders",
    }


def test_roots_and_sinks_look_through_unselected_assets(graph):
    # raw_events reaches marts/report through assets outside the selection.
    selection = AssetSelection.keys("raw_events", "marts/report")
    assert resolve(selection.roots(), graph) == {"raw_events"}
    assert resolve(selection.sinks(), graph) == {"marts/report"}


def test_sources_is_a_deprecated_alias_of_roots(graph):
    with pytest.warns(DeprecationWarning):
        selection = AssetSelection.all().sources()
    assert selection == AssetSelection.all().roots()


def test_materializable_and_upstream_source_assets(graph):
    everything = AssetSelection.all(include_sources=True)
    assert resolve(everything.materializable(), graph) == ALL_MATERIALIZABLE
    assert resolve(AssetSelection.keys("marts/report").upstream_source_assets(), graph) == {"ext/source"}
    assert resolve(AssetSelection.keys("standalone").upstream_source_assets(), graph) == set()


def test_required_multi_asset_neighbors_keeps_selection(graph):
    selection = AssetSelection.groups("marts").required_multi_asset_neighbors()
    assert resolve(selection, graph) == {"marts/summary", "marts/report"}


def test_without_checks_and_all_asset_checks(graph):
    assert resolve(AssetSelection.all_asset_checks(), graph) == set()
    assert resolve(AssetSelection.groups("marts").without_checks(), graph) == {
        "marts/summary",
        "marts/report",
    }


@pytest.mark.parametrize("depth", [-1, 1.5, True])
def test_invalid_depth(depth):
    with pytest.raises(ValueError, match="depth"):
        AssetSelection.keys("a").upstream(depth=depth)


# Operators ------------------------------------------------------------------------------


def test_union_intersection_difference(graph):
    warehouse = AssetSelection.groups("warehouse")
    python = AssetSelection.kind("python")
    assert resolve(warehouse | python, graph) == {"warehouse/users", "warehouse/orders", "raw_events"}
    assert resolve(warehouse & python, graph) == {"warehouse/orders"}
    assert resolve(warehouse - python, graph) == {"warehouse/users"}
    assert resolve(AssetSelection.all() - AssetSelection.groups("marts", "raw"), graph) == {
        "warehouse/users",
        "warehouse/orders",
        "standalone",
    }


def test_path_between_two_assets(graph):
    path = AssetSelection.keys("raw_events").downstream() & AssetSelection.keys("marts/summary").upstream()
    assert resolve(path, graph) == {"raw_events", "warehouse/users", "warehouse/orders", "marts/summary"}


def test_operators_flatten_and_reject_other_types():
    a, b, c = (AssetSelection.keys(x) for x in "abc")
    assert (a | b | c).operands == (a, b, c)
    assert (a & b & c).operands == (a, b, c)
    with pytest.raises(TypeError):
        a | "b"
    with pytest.raises(TypeError):
        a - ["b"]


# Value semantics ------------------------------------------------------------------------


def test_selections_are_immutable_and_hashable():
    selection = AssetSelection.groups("a").downstream(depth=2) | AssetSelection.keys("x/y")
    same = AssetSelection.groups("a").downstream(depth=2) | AssetSelection.keys(["x", "y"])
    assert selection == same
    assert hash(selection) == hash(same)
    assert {selection: 1}[same] == 1
    assert AssetSelection.keys("a").roots() != AssetSelection.keys("a").sinks()
    assert AssetSelection.keys("a").upstream(1) != AssetSelection.keys("a").upstream(2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        selection.operands = ()  # type: ignore[misc]
    assert bool(AssetSelection.keys())


@pytest.mark.parametrize(
    ("selection", "text"),
    [
        (AssetSelection.all(), "*"),
        (AssetSelection.keys("a", "b/c"), "a, b/c"),
        (AssetSelection.keys(), "<none>"),
        (AssetSelection.groups("g"), "group:g"),
        (AssetSelection.tag("k", "v"), "tag:k=v"),
        (AssetSelection.tag("k", ""), "tag:k"),
        (AssetSelection.tag("team name", "data eng"), 'tag:"team name"="data eng"'),
        (AssetSelection.kind("dbt"), "kind:dbt"),
        (AssetSelection.owner("team:data"), "owner:team:data"),
        (AssetSelection.key_prefixes("a/b"), "key_prefix:a/b"),
        (AssetSelection.keys("a").upstream(), "*a"),
        (AssetSelection.keys("a").upstream(2), "++a"),
        (AssetSelection.keys("a").downstream(1), "a+"),
        (AssetSelection.keys("a").upstream(1, include_self=False), "+a and not a"),
        (AssetSelection.keys("a", "b").downstream(), "(a, b)*"),
        (AssetSelection.keys("a").upstream().downstream(), "(*a)*"),
        (AssetSelection.groups("g") & AssetSelection.kind("k"), "group:g and kind:k"),
        (
            (AssetSelection.keys("a") | AssetSelection.keys("b")) & AssetSelection.kind("k"),
            "(a, b) and kind:k",
        ),
        (AssetSelection.groups("g") - AssetSelection.keys("a", "b"), "group:g and not (a, b)"),
        (AssetSelection.all() - AssetSelection.keys("a"), "not a"),
        (AssetSelection.groups("g").sinks(), "sinks(group:g)"),
        (AssetSelection.groups("g").roots(), "roots(group:g)"),
    ],
)
def test_string_form(selection, text):
    assert selection.to_selection_str() == text
    assert str(selection) == text


# Errors and inputs ----------------------------------------------------------------------


def test_unknown_key_names_it_and_suggests_close_match(graph):
    with pytest.raises(InvalidSubsetError) as info:
        AssetSelection.keys("warehouse/userz").resolve(graph)
    message = str(info.value)
    assert "'warehouse/userz'" in message
    assert "did you mean" in message
    assert "warehouse/users" in message


def test_unknown_key_error_lists_every_unknown_key(graph):
    selection = AssetSelection.keys("raw_event", "standalone") | AssetSelection.keys("zzz/qqq").upstream()
    with pytest.raises(DagsterInvalidSubsetError) as info:
        selection.resolve(graph)
    message = str(info.value)
    assert "['raw_event', 'zzz/qqq']" in message
    assert "For selected asset raw_event, did you mean one of the following?\n    raw_events" in message
    assert "For selected asset zzz/qqq" not in message  # nothing close to suggest


def test_unknown_key_suggests_same_name_under_other_prefix(graph):
    with pytest.raises(InvalidSubsetError, match="did you mean one of the following\\?\n    warehouse/users"):
        AssetSelection.keys("users").resolve(graph)


def test_allow_missing_ignores_unknown_keys(graph):
    selection = AssetSelection.keys("raw_events", "missing")
    assert names(selection.resolve(graph, allow_missing=True)) == {"raw_events"}


def test_unknown_key_inside_subtraction_still_raises(graph):
    with pytest.raises(InvalidSubsetError, match="nope"):
        (AssetSelection.all() - AssetSelection.keys("nope")).resolve(graph)


def test_resolve_accepts_definitions_like_objects_and_nodes(graph):
    defs = SimpleNamespace(get_asset_graph=lambda: graph)
    assert resolve(AssetSelection.groups("marts"), defs) == {"marts/summary", "marts/report"}
    nodes = [node("a"), node("b", deps=["a"])]
    assert names(AssetSelection.keys("b").upstream().resolve(nodes)) == {"a", "b"}
    with pytest.raises(TypeError):
        AssetSelection.all().resolve(42)


def test_resolve_returns_a_fresh_set(graph):
    first = AssetSelection.all().resolve(graph)
    first.clear()
    assert resolve(AssetSelection.all(), graph) == ALL_MATERIALIZABLE


def test_to_serializable_asset_selection(graph):
    serializable = AssetSelection.groups("warehouse").to_serializable_asset_selection(graph)
    assert isinstance(serializable, KeysAssetSelection)
    assert resolve(serializable, graph) == {"warehouse/users", "warehouse/orders"}


def test_deps_on_undefined_keys_are_ignored_by_traversals():
    graph = AssetGraph([node("b", deps=["undefined"]), node("c", deps=["b"])])
    assert names(AssetSelection.keys("c").upstream().resolve(graph)) == {"b", "c"}
    assert names(AssetSelection.all().roots().resolve(graph)) == {"b"}


def test_multi_asset_keys_are_ordered_deterministically():
    keys = [AssetKey(f"k{i}") for i in range(20)]
    forward = SimpleNamespace(keys=set(keys))
    backward = SimpleNamespace(keys=set(reversed(keys)))
    assert AssetSelection.assets(forward) == AssetSelection.assets(backward)
    assert str(AssetSelection.assets(forward)).startswith("k0, k1, k10, k11")


def test_selections_pickle_and_copy():
    selection = parse_selection("*warehouse/users+, group:raw, tag:k=v") - AssetSelection.kind("dbt")
    assert pickle.loads(pickle.dumps(selection)) == selection
    assert copy.deepcopy(selection) == selection
