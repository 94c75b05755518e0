"""``python -m orchestrator.cli``: the ``orchestrator`` command with this interpreter."""

from .main import main

main()
