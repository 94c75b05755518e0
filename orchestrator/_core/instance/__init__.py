"""The instance: runs, events and materializations over a pluggable storage."""

from .instance import DagsterInstance, register_instance_factory
from .records import EventLogEntry, EventLogRecord, EventRecordsFilter, RunsFilter
from .storage import InMemoryStorage, InstanceStorage

__all__ = [
    "DagsterInstance",
    "EventLogEntry",
    "EventLogRecord",
    "EventRecordsFilter",
    "InMemoryStorage",
    "InstanceStorage",
    "RunsFilter",
    "register_instance_factory",
]
