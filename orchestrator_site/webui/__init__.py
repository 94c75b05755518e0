"""The built single-page UI (``frontend/`` → ``dist/``), shipped inside the Python package."""

from pathlib import Path

BUNDLE_DIR = Path(__file__).resolve().parent / "dist"
INDEX_FILE = BUNDLE_DIR / "index.html"
