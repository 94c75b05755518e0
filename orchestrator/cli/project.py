"""``orchestrator project scaffold``: a new project folder from the templates in ``templates/project``.

Templates are package data: ``PACKAGE`` in a path becomes the package name,
``.tmpl`` is dropped, ``gitignore`` becomes ``.gitignore``, and ``{{ name }}`` /
``{{ package }}`` in the text are replaced (``render``).
"""

import keyword
import re
import sys
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click

from ._common import CommandError

TEMPLATE_ROOT = ("templates", "project")
RESERVED = {"orchestrator", "dagster", "tests", "test"}
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


_PLACEHOLDER = re.compile(r"\{\{\s+([a-z_]+)\s+\}\}")


def render(text: str, values: dict[str, str]) -> str:
    """``text`` with each ``{{ key }}`` (spaces required) replaced; Python's ``{}`` and ``{{x}}`` are kept.

    Raises:
        KeyError: for a placeholder without a value.
    """
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def package_name(name: str) -> str:
    """The importable package for project ``name`` (``my-pipeline`` -> ``my_pipeline``); exit 2 if unusable."""
    if not _NAME.match(name):
        raise CommandError(f"--name {name!r}: use letters, digits, '_' and '-', starting with a letter")
    package = name.replace("-", "_")
    if keyword.iskeyword(package) or package in RESERVED or package in sys.stdlib_module_names:
        raise CommandError(
            f"--name {name!r}: the package '{package}' would shadow a Python module; pick another"
        )
    return package


def _files(root: Traversable, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Traversable]]:
    found = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            found.extend(_files(entry, (*prefix, entry.name)))
        elif entry.name.endswith(".tmpl"):
            found.append(((*prefix, entry.name), entry))
    return found


def _target_path(parts: tuple[str, ...], package: str) -> Path:
    names = [package if p == "PACKAGE" else p for p in parts]
    names[-1] = names[-1].removesuffix(".tmpl")
    if names[-1] == "gitignore":
        names[-1] = ".gitignore"
    return Path(*names)


def scaffold_project(name: str, parent: Path) -> Path:
    """Write project ``name`` under ``parent``; returns its folder."""
    package = package_name(name)
    target = parent / name
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CommandError(f"{target} already exists and is not empty")
    root = resources.files("orchestrator.cli").joinpath(*TEMPLATE_ROOT)
    values = {"name": name, "package": package}
    for parts, template in _files(root):
        path = target / _target_path(parts, package)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(template.read_text(), values))
    return target


@click.group("project")
def project() -> None:
    """Create projects."""


@project.command("scaffold")
@click.option("--name", required=True, help="Project (and package) name, e.g. my_pipeline.")
@click.option(
    "--directory",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to create the project folder.",
)
def scaffold(name: str, directory: Path) -> None:
    """Create a project: a package with definitions.py, tests, pyproject.toml and a README."""
    target = scaffold_project(name, directory)
    click.secho(f"Created {target}", fg="green", bold=True)
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        click.echo(f"  {path.relative_to(target)}")
    click.echo(
        "\nNext:\n"
        f"  cd {target}\n"
        '  pip install -e ".[dev]"\n'
        "  orchestrator dev          # the UI at http://127.0.0.1:3000\n"
        "  pytest"
    )
