"""Resource initialization: config, nesting, setup/teardown order and errors."""

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import PrivateAttr

from orchestrator._core.errors import InvalidConfigError, InvalidDefinitionError, ResourceNotFoundError
from orchestrator._core.resources import (
    ConfigurableResource,
    ConfigurableResourceFactory,
    EnvVar,
    InitResourceContext,
    ResourceDefinition,
    ResourceDependency,
    ResourceFunctionError,
    ResourceParam,
    build_init_resource_context,
    build_resources,
    init_resources,
    is_resource_annotation,
    missing_resource_keys,
    resource,
    resource_dependencies,
)
from orchestrator._core.storage import FilesystemIOManager, InMemoryIOManager, IOManager

EVENTS: list[str] = []


@pytest.fixture(autouse=True)
def _clear_events() -> Iterator[None]:
    EVENTS.clear()
    yield
    EVENTS.clear()


class Credentials(ConfigurableResource):
    user: str
    password: str = "default"

    def setup_for_execution(self, context: InitResourceContext) -> None:
        EVENTS.append(f"setup credentials {self.user}")

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        EVENTS.append("teardown credentials")


class Warehouse(ConfigurableResource):
    credentials: Credentials
    url: str = "sqlite://"
    port: int = 5432
    _connection: Any = PrivateAttr(default=None)

    def setup_for_execution(self, context: InitResourceContext) -> None:
        EVENTS.append(f"setup warehouse as {self.credentials.user}")
        self._connection = f"{self.url}:{self.port}"

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        EVENTS.append("teardown warehouse")

    def connection(self) -> str:
        return self._connection


def test_configurable_resource_is_its_own_value_after_setup() -> None:
    warehouse = Warehouse(credentials=Credentials(user="ann"), port=1)
    with init_resources({"warehouse": warehouse}) as resources:
        value = resources["warehouse"]
        assert isinstance(value, Warehouse)
        assert value.connection() == "sqlite://:1"
        assert value.get_resource_context().resource_key == "warehouse"
        assert EVENTS == ["setup credentials ann", "setup warehouse as ann"]
    assert EVENTS[-2:] == ["teardown warehouse", "teardown credentials"]


def test_shared_nested_resource_is_initialized_once() -> None:
    credentials = Credentials(user="bob")
    resources = {"warehouse": Warehouse(credentials=credentials), "credentials": credentials}
    assert resource_dependencies(resources) == {"warehouse": {"credentials"}, "credentials": set()}
    with init_resources(resources, required_keys=["warehouse"]) as values:
        assert values["warehouse"].credentials is values["credentials"]
        assert list(values) == ["credentials", "warehouse"]
    assert EVENTS.count("setup credentials bob") == 1


def test_construction_errors_name_class_and_field() -> None:
    with pytest.raises(InvalidConfigError) as excinfo:
        Warehouse(credentials=Credentials(user="x"), port="abc")
    message = str(excinfo.value)
    assert "Invalid config for resource Warehouse" in message
    assert "field 'port': Input should be a valid integer" in message
    with pytest.raises(ValueError, match="field 'user': missing required value"):
        Credentials()  # type: ignore[call-arg]


def test_run_config_overrides_fields() -> None:
    warehouse = Warehouse(credentials=Credentials(user="ann"))
    overrides = {"warehouse": {"config": {"url": "postgresql://h/db", "port": "6543"}}}
    with init_resources({"warehouse": warehouse}, run_config_resources=overrides) as values:
        assert values["warehouse"].connection() == "postgresql://h/db:6543"
        assert values["warehouse"].get_resource_context().resource_config == {
            "url": "postgresql://h/db",
            "port": 6543,
        }
    with (
        pytest.raises(InvalidConfigError, match=r"resource 'warehouse': field 'port'"),
        init_resources(
            {"warehouse": warehouse}, run_config_resources={"warehouse": {"config": {"port": "x"}}}
        ),
    ):
        pass


def test_env_vars_resolve_at_init(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_RES_USER", "carol")
    monkeypatch.setenv("TEST_RES_PORT", "7000")
    monkeypatch.setenv("TEST_RES_URL", "sqlite:///x.db")
    credentials = Credentials(user=EnvVar("TEST_RES_USER"))
    warehouse = Warehouse(
        credentials=credentials, url=EnvVar("TEST_RES_URL"), port=EnvVar.int("TEST_RES_PORT")
    )
    assert warehouse.url.env_var_name == "TEST_RES_URL"  # type: ignore[attr-defined]
    with init_resources({"warehouse": warehouse}) as values:
        assert values["warehouse"].connection() == "sqlite:///x.db:7000"
        assert values["warehouse"].credentials.user == "carol"
    with init_resources(
        {"warehouse": Warehouse(credentials=credentials)},
        run_config_resources={"warehouse": {"config": {"url": {"env": "TEST_RES_URL"}}}},
    ) as values:
        assert values["warehouse"].url == "sqlite:///x.db"


def test_missing_env_var_names_variable_and_resource(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEST_RES_MISSING", raising=False)
    warehouse = Warehouse(credentials=Credentials(user="x"), url=EnvVar("TEST_RES_MISSING"))
    with pytest.raises(InvalidConfigError) as excinfo, init_resources({"warehouse": warehouse}):
        pass
    assert "Environment variable 'TEST_RES_MISSING'" in str(excinfo.value)
    assert "resource 'warehouse'" in str(excinfo.value)
    assert "field 'url'" in str(excinfo.value)
    nested = Warehouse(credentials=Credentials(user=EnvVar("TEST_RES_MISSING")))
    with (
        pytest.raises(InvalidConfigError, match=r"resource 'db\.credentials' \(field 'user'\)"),
        init_resources({"db": nested}),
    ):
        pass


def test_env_var_cannot_be_read_by_accident() -> None:
    with pytest.raises(RuntimeError, match="get_value"):
        str(EnvVar("X"))


def test_teardown_runs_in_reverse_order_after_errors() -> None:
    resources = {"credentials": Credentials(user="a"), "other": Credentials(user="b")}
    with pytest.raises(KeyError), init_resources(resources):
        EVENTS.append("body")
        raise KeyError("boom")
    assert EVENTS == [
        "setup credentials a",
        "setup credentials b",
        "body",
        "teardown credentials",
        "teardown credentials",
    ]


def test_setup_failure_tears_down_what_was_set_up() -> None:
    class Broken(ConfigurableResource):
        def setup_for_execution(self, context: InitResourceContext) -> None:
            raise OSError("cannot connect")

    with (
        pytest.raises(ResourceFunctionError, match=r"resource 'broken': OSError: cannot connect") as excinfo,
        init_resources({"credentials": Credentials(user="a"), "broken": Broken()}),
    ):
        pass
    assert isinstance(excinfo.value.__cause__, OSError)
    assert EVENTS == ["setup credentials a", "teardown credentials"]


def test_function_resource_generator_teardown_and_dependencies() -> None:
    @resource(config_schema={"name": str}, required_resource_keys={"credentials"})
    def session(context: InitResourceContext) -> Iterator[str]:
        EVENTS.append(f"open {context.resource_config['name']} for {context.resources.credentials.user}")
        yield f"session-{context.resource_config['name']}"
        EVENTS.append("close session")

    resources = {"session": session, "credentials": Credentials(user="dan")}
    assert missing_resource_keys({"session": session}, ["session"]) == {"credentials"}
    with init_resources(
        resources, required_keys=["session"], run_config_resources={"session": {"config": {"name": "s1"}}}
    ) as values:
        assert values["session"] == "session-s1"
    assert EVENTS == [
        "setup credentials dan",
        "open s1 for dan",
        "close session",
        "teardown credentials",
    ]
    with (
        pytest.raises(InvalidConfigError, match=r"resource 'session': field 'name': missing required value"),
        init_resources(resources),
    ):
        pass


def test_generator_teardown_runs_when_the_run_fails() -> None:
    @resource
    def handle(_context: InitResourceContext) -> Iterator[int]:
        yield 1
        EVENTS.append("closed")

    with pytest.raises(ValueError), init_resources({"handle": handle}):
        raise ValueError("step failed")
    assert EVENTS == ["closed"]


def test_resource_definition_static_constructors() -> None:
    with build_resources(
        {
            "answer": ResourceDefinition.hardcoded_resource(42),
            "nothing": ResourceDefinition.none_resource(),
            "mocked": ResourceDefinition.mock_resource(),
            "text": ResourceDefinition.string_resource(),
        },
        resource_config={"text": {"config": "hello"}},
    ) as resources:
        assert resources.answer == 42
        assert resources.nothing is None
        resources.mocked.anything.works()
        assert resources.text == "hello"


def test_resource_definition_direct_invocation_and_configured() -> None:
    @resource(config_schema={"greeting": str})
    def greeter(context: InitResourceContext) -> str:
        return context.resource_config["greeting"]

    assert greeter(build_init_resource_context(config={"greeting": "hi"})) == "hi"
    configured = greeter.configured({"greeting": "hello"})
    with init_resources({"greeter": configured}) as values:
        assert values["greeter"] == "hello"


def test_configure_at_launch() -> None:
    placeholder = Credentials.configure_at_launch(password="pw")
    warehouse = Warehouse(credentials=placeholder)
    resources = {"credentials": placeholder, "warehouse": warehouse}
    with init_resources(
        resources,
        required_keys=["warehouse"],
        run_config_resources={"credentials": {"config": {"user": "eve"}}},
    ) as values:
        assert values["warehouse"].credentials.user == "eve"
        assert values["warehouse"].credentials.password == "pw"
    with pytest.raises(InvalidConfigError) as excinfo, init_resources(resources):
        pass
    assert "field 'user': missing required value" in str(excinfo.value)
    assert "run_config['resources']['credentials']['config']" in str(excinfo.value)
    with (
        pytest.raises(InvalidDefinitionError, match="configured at launch"),
        init_resources({"warehouse": warehouse}),
    ):
        pass


def test_resource_factory_and_dependency_fields() -> None:
    class Client:
        def __init__(self, token: str):
            self.token = token

    class ClientFactory(ConfigurableResourceFactory[Client]):
        token: str

        def create_resource(self, context: InitResourceContext) -> Client:
            return Client(self.token)

    class Service(ConfigurableResource):
        client: ResourceDependency[Client]
        prefix: str = "svc"

    factory = ClientFactory(token="t0")
    with init_resources({"client": factory, "service": Service(client=factory)}) as values:
        assert isinstance(values["client"], Client)
        assert values["service"].client is values["client"]
    with init_resources(
        {"service": Service(client=ResourceDefinition.hardcoded_resource("plain"))}
    ) as values:
        assert values["service"].client == "plain"


def test_missing_keys_name_key_and_requesters() -> None:
    with (
        pytest.raises(ResourceNotFoundError) as excinfo,
        init_resources(
            {"db": "sqlite://"},
            required_keys=["db", "warehouse"],
            requested_by={"warehouse": ["raw_users", "clean_users"]},
        ),
    ):
        pass
    message = str(excinfo.value)
    assert "'warehouse' (required by 'raw_users', 'clean_users')" in message
    assert "Provided resources: 'db'" in message


def test_dependency_cycle_is_reported() -> None:
    @resource(required_resource_keys={"b"})
    def a(_context: InitResourceContext) -> int:
        return 1

    @resource(required_resource_keys={"a"})
    def b(_context: InitResourceContext) -> int:
        return 2

    with pytest.raises(InvalidDefinitionError, match="cycle"), init_resources({"a": a, "b": b}):
        pass


def test_plain_values_and_io_managers_pass_through() -> None:
    manager = InMemoryIOManager()
    client = object()
    with init_resources({"io_manager": manager, "client": client}) as values:
        assert values["io_manager"] is manager
        assert values["client"] is client
    with (
        pytest.raises(InvalidConfigError, match="takes no config"),
        init_resources({"client": client}, run_config_resources={"client": {"config": {"x": 1}}}),
    ):
        pass


def test_default_io_manager_is_filesystem(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORCHESTRATOR_HOME", str(tmp_path))
    assert missing_resource_keys({}, ["io_manager"]) == set()
    with init_resources({}, required_keys=["io_manager"]) as values:
        assert isinstance(values["io_manager"], FilesystemIOManager)
        assert values["io_manager"].root() == tmp_path / "storage"


def test_yield_for_execution_override() -> None:
    class Pool(ConfigurableResource):
        size: int = 2

        @contextlib.contextmanager
        def yield_for_execution(self, context: InitResourceContext) -> Iterator["Pool"]:
            EVENTS.append(f"open pool {self.size}")
            try:
                yield self
            finally:
                EVENTS.append("close pool")

    with init_resources({"pool": Pool(size=3)}) as values:
        assert values["pool"].size == 3
    assert EVENTS == ["open pool 3", "close pool"]


def test_teardown_error_is_raised_after_every_teardown() -> None:
    class Flaky(ConfigurableResource):
        def teardown_after_execution(self, context: InitResourceContext) -> None:
            raise RuntimeError("teardown failed")

    with (
        pytest.raises(ResourceFunctionError, match="tearing down resource 'flaky'"),
        init_resources({"credentials": Credentials(user="a"), "flaky": Flaky()}),
    ):
        pass
    assert EVENTS[-1] == "teardown credentials"


def test_function_resource_with_resource_param() -> None:
    @resource
    def greeting(_context: InitResourceContext, name: ResourceParam[str]) -> str:
        return f"hello {name}"

    assert greeting.required_resource_keys == frozenset({"name"})
    with build_resources({"greeting": greeting, "name": "ada"}) as resources:
        assert resources.greeting == "hello ada"


def test_build_init_resource_context_and_from_resource_context() -> None:
    with build_init_resource_context(config={"user": "fay"}, resources={"answer": 42}) as context:
        assert context.resources.answer == 42
        credentials = Credentials.from_resource_context(context)
        assert credentials.user == "fay"
    with pytest.raises(ResourceNotFoundError, match="Resource 'nope' is not available"):
        _ = context.resources.nope


def test_is_resource_annotation() -> None:
    assert is_resource_annotation(Warehouse)
    assert is_resource_annotation(FilesystemIOManager)
    assert is_resource_annotation(IOManager)
    assert is_resource_annotation(ResourceParam[dict])
    assert not is_resource_annotation(str)
    assert not is_resource_annotation(dict[str, int])
