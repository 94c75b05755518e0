"""Options shared by the commands: where the code is, which server, and how a run is launched."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from ._common import CommandError

F = Callable[..., Any]


@dataclass(frozen=True)
class LocationArgs:
    """``-m`` / ``-f`` / ``-a`` / ``-d``: the code location loaded in this process."""

    module_name: str | None = None
    python_file: str | None = None
    attribute: str | None = None
    working_directory: str | None = None

    @property
    def given(self) -> bool:
        return any((self.module_name, self.python_file, self.attribute, self.working_directory))


@dataclass(frozen=True)
class RemoteArgs:
    """``--url`` / ``--token`` / ``--location``: a running server instead of this process."""

    url: str | None = None
    token: str | None = None
    location: str | None = None


def location_options(fn: F) -> F:
    """``-m MODULE`` / ``-f FILE`` / ``-a ATTRIBUTE`` / ``-d DIR`` (see ``split_args``)."""

    fn = click.option("-d", "--working-directory", default=None, help="Directory to import from.")(fn)
    fn = click.option("-a", "--attribute", default=None, help="Name of the Definitions object.")(fn)
    fn = click.option("-f", "--python-file", default=None, help="Python file defining the code location.")(fn)
    fn = click.option(
        "-m",
        "--module-name",
        default=None,
        help="Module defining the code location (default: [tool.orchestrator] in ./pyproject.toml).",
    )(fn)
    return fn


def remote_options(fn: F) -> F:
    """``--url`` (``ORCHESTRATOR_URL``), ``--token`` (``ORCHESTRATOR_TOKEN``), ``--location``."""
    fn = click.option(
        "--location",
        "server_location",
        default=None,
        help="With --url: the server's code location (needed when it has several).",
    )(fn)
    fn = click.option(
        "--token",
        envvar="ORCHESTRATOR_TOKEN",
        default=None,
        help="API token for --url (env ORCHESTRATOR_TOKEN); create one with: orchestrator token create USER.",
    )(fn)
    fn = click.option(
        "--url",
        envvar="ORCHESTRATOR_URL",
        default=None,
        help="Work against a running server (e.g. http://127.0.0.1:3000; env ORCHESTRATOR_URL) "
        "instead of this process and ORCHESTRATOR_HOME.",
    )(fn)
    return fn


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts).")(fn)


def split_args(kwargs: dict[str, Any]) -> tuple[LocationArgs, RemoteArgs]:
    """Take the location and remote options out of a command's keyword arguments."""
    location = LocationArgs(
        module_name=kwargs.pop("module_name", None),
        python_file=kwargs.pop("python_file", None),
        attribute=kwargs.pop("attribute", None),
        working_directory=kwargs.pop("working_directory", None),
    )
    remote = RemoteArgs(
        url=kwargs.pop("url", None),
        token=kwargs.pop("token", None),
        location=kwargs.pop("server_location", None),
    )
    if location.module_name and location.python_file:
        raise CommandError("pass a module (-m) or a Python file (-f), not both")
    if remote.url and location.given:
        raise CommandError(
            "-m/-f/-a/-d load code in this process; with --url the server's code location is used "
            "(name it with --location)"
        )
    if remote.location and not remote.url:
        raise CommandError("--location names a code location of a server: pass --url too")
    return location, remote


def parse_tags(tags: tuple[str, ...]) -> dict[str, str]:
    """``("k=v", ...)`` -> ``{"k": "v"}``; exit 2 on a tag without ``=``."""
    parsed = {}
    for tag in tags:
        key, sep, value = tag.partition("=")
        if not sep or not key:
            raise CommandError(f"--tag {tag!r}: use key=value")
        parsed[key] = value
    return parsed


def parse_partition_range(value: str | None) -> tuple[str, str] | None:
    """``"A...B"`` -> ``("A", "B")``."""
    if value is None:
        return None
    first, sep, last = value.partition("...")
    if not sep or not first or not last:
        raise CommandError(f"--partition-range {value!r}: use FIRST...LAST, e.g. 2026-01-01...2026-01-31")
    return first, last


def load_run_config(path: str | None, inline_json: str | None) -> dict[str, Any]:
    """Run config from ``--config FILE`` (YAML or JSON) or ``--config-json TEXT``; ``{}`` without either."""
    if path and inline_json:
        raise CommandError("pass --config FILE or --config-json TEXT, not both")
    if inline_json:
        try:
            data = json.loads(inline_json)
        except json.JSONDecodeError as exc:
            raise CommandError(f"--config-json is not valid JSON: {exc}") from None
        source = "--config-json"
    elif path:
        data = _read_config_file(Path(path))
        source = path
    else:
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CommandError(f"{source}: the run config must be a mapping (ops:, resources:...)")
    return data


def _read_config_file(path: Path) -> Any:
    try:
        text = path.read_text()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None
    if path.suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path} is not valid JSON: {exc}") from None
    try:
        import yaml
    except ImportError:
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise CommandError(
                f"{path}: reading YAML needs PyYAML (pip install pyyaml); JSON works without it"
            ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CommandError(f"{path} is not valid YAML: {exc}") from None


@dataclass(frozen=True)
class LaunchRequest:
    """What to run: a selection or a job, with partitions, tags and run config."""

    selection: str | None = None
    job: str | None = None
    partition_key: str | None = None
    partition_range: tuple[str, str] | None = None
    tags: dict[str, str] = field(default_factory=dict)
    run_config: dict[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        """The ``POST /api/runs/`` body."""
        data: dict[str, Any] = {"tags": self.tags, "run_config": self.run_config}
        if self.selection is not None:
            data["selection"] = self.selection
        if self.job is not None:
            data["job"] = self.job
        if self.partition_key is not None:
            data["partition_key"] = self.partition_key
        if self.partition_range is not None:
            data["partition_range"] = list(self.partition_range)
        return data


def launch_options(fn: F) -> F:
    """``--partition`` / ``--partition-range`` / ``--config`` / ``--config-json`` / ``--tag``."""
    fn = click.option("--tag", "tags", multiple=True, metavar="KEY=VALUE", help="Run tag (repeatable).")(fn)
    fn = click.option("--config-json", default=None, help="Run config as JSON text.")(fn)
    fn = click.option(
        "--config",
        "config_file",
        default=None,
        type=click.Path(dir_okay=False),
        help="Run config file, YAML or JSON (ops:, resources:).",
    )(fn)
    fn = click.option(
        "--partition-range",
        default=None,
        metavar="FIRST...LAST",
        help="Materialize a range of partitions (inclusive), e.g. 2026-01-01...2026-01-31.",
    )(fn)
    fn = click.option("--partition", default=None, help="Partition key, for partitioned assets.")(fn)
    return fn


def build_request(
    kwargs: dict[str, Any], *, selection: str | None = None, job: str | None = None
) -> LaunchRequest:
    """A ``LaunchRequest`` from the ``launch_options`` in ``kwargs`` (removed from it)."""
    partition = kwargs.pop("partition", None)
    partition_range = parse_partition_range(kwargs.pop("partition_range", None))
    if partition is not None and partition_range is not None:
        raise CommandError("pass --partition or --partition-range, not both")
    return LaunchRequest(
        selection=selection,
        job=job,
        partition_key=partition,
        partition_range=partition_range,
        tags=parse_tags(kwargs.pop("tags", ())),
        run_config=load_run_config(kwargs.pop("config_file", None), kwargs.pop("config_json", None)),
    )
