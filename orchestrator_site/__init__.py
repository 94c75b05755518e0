"""The orchestrator server: Django settings, URLs and the Celery application."""
