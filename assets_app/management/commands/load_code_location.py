"""``manage.py load_code_location``: load the configured code location in a child process, store its snapshot."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from assets_app.models import CodeLocation
from assets_app.services import code_location_load, code_location_reload

EXIT_LOAD_ERROR = 2


def describe_origin(origin: dict[str, Any]) -> str:
    """``module 'x'``, ``file '/p/x.py'`` or ``/p/pyproject.toml``, for messages."""
    if origin.get("python_file"):
        return f"file '{origin['python_file']}'"
    if origin.get("module_name"):
        return f"module '{origin['module_name']}'"
    return str(origin.get("pyproject") or "pyproject.toml")


def _count(items: list[Any], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Load the code location named by ORCHESTRATOR_MODULE / ORCHESTRATOR_PYTHON_FILE "
        "(else [tool.orchestrator] in ./pyproject.toml) and store its definitions snapshot, "
        "or its load error, for the web to serve. The code is imported in a child process, stopped "
        "after ORCHESTRATOR_LOCATION_LOAD_TIMEOUT_SECONDS. Exits 2 when the code fails to load."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("-m", "--module-name", default=None, help="Module defining the code location.")
        parser.add_argument(
            "-f", "--python-file", default=None, help="Python file defining the code location."
        )
        parser.add_argument("-d", "--working-directory", default=None, help="Directory to import from.")
        parser.add_argument("--name", default=None, help="Reload this stored location from its origin.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["module_name"] and options["python_file"]:
            raise CommandError(
                "Pass a module (-m) or a Python file (-f), not both", returncode=EXIT_LOAD_ERROR
            )
        if options["module_name"] or options["python_file"]:
            origin = {k: options[k] for k in ("module_name", "python_file", "working_directory")}
            row = code_location_load(origin=origin)
        else:
            row = code_location_reload(name=options["name"])
        origin_text = describe_origin(row.origin)
        if row.status == CodeLocation.Status.LOADED:
            snapshot = row.snapshot or {}
            parts = [
                _count(snapshot.get("assets", []), "asset"),
                _count(snapshot.get("jobs", []), "job"),
                _count(snapshot.get("schedules", []), "schedule"),
                _count(snapshot.get("sensors", []), "sensor"),
            ]
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded code location '{row.name}' from {origin_text}: {', '.join(parts)}"
                )
            )
            others = list(CodeLocation.objects.exclude(name=row.name).values_list("name", flat=True))
            if others:
                self.stderr.write(
                    self.style.WARNING(
                        f"The database also holds code location(s) {', '.join(others)}: "
                        "launches must name their location"
                    )
                )
            return
        error = row.load_error or {}
        if error.get("traceback"):
            self.stderr.write(error["traceback"].rstrip())
        raise CommandError(
            f"Code location '{row.name}' failed to load: {error.get('message', 'unknown error')}",
            returncode=EXIT_LOAD_ERROR,
        )
