"""IO managers: how step outputs are stored and loaded as downstream inputs."""

from .contexts import InputContext, OutputContext, build_input_context, build_output_context
from .filesystem import FilesystemIOManager, fs_io_manager, write_atomically
from .io_manager import (
    ConfigurableIOManager,
    ConfigurableIOManagerFactory,
    IOManager,
    IOManagerDefinition,
    io_manager,
)
from .locations import default_home_dir, default_storage_dir
from .memory import InMemoryIOManager, mem_io_manager
from .pandas_sql import PandasSQLIOManager, dispose_engines, get_engine, table_name_for

__all__ = [
    "ConfigurableIOManager",
    "ConfigurableIOManagerFactory",
    "FilesystemIOManager",
    "IOManager",
    "IOManagerDefinition",
    "InMemoryIOManager",
    "InputContext",
    "OutputContext",
    "PandasSQLIOManager",
    "build_input_context",
    "build_output_context",
    "default_home_dir",
    "default_storage_dir",
    "dispose_engines",
    "fs_io_manager",
    "get_engine",
    "io_manager",
    "mem_io_manager",
    "table_name_for",
    "write_atomically",
]
