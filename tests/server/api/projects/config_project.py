"""A code location whose assets need run config: required fields, nested config, a configurable resource."""

from orchestrator import Config, ConfigurableResource, Definitions, asset


class Window(Config):
    days: int
    label: str = "recent"


class ScaledConfig(Config):
    factor: int
    window: Window


class Warehouse(ConfigurableResource):
    schema_name: str = "public"
    timeout: int = 30


@asset
def base() -> int:
    return 3


@asset(required_resource_keys={"warehouse"})
def scaled_numbers(config: ScaledConfig, base: int) -> int:
    return base * config.factor


defs = Definitions(assets=[base, scaled_numbers], resources={"warehouse": Warehouse()})
