"""Definition objects: assets, checks, ops, jobs and the ``Definitions`` container."""
