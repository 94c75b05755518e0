"""The ``Examples:`` blocks of the partitions modules run as written."""

import doctest
import importlib
import pkgutil

import pytest

import orchestrator._core.partitions as partitions_package


def _modules() -> list[str]:
    names = [partitions_package.__name__]
    for info in pkgutil.walk_packages(partitions_package.__path__, partitions_package.__name__ + "."):
        names.append(info.name)
    return names


@pytest.mark.parametrize("module_name", _modules())
def test_examples(module_name):
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
