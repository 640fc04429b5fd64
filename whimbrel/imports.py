"""Importing a library without the parts of it that Whimbrel never runs.

Some libraries import, at their own import, modules only a corner of them uses: ``import spacy`` imports
spaCy's whole command line (``spacy.cli``: download, train, project… and requests, weasel) for
``spacy.info()``; ``import datasketch`` imports SciPy's integration routines for the one thing
``MinHashLSH`` computes with them, its band sizes when none are given. Together that is about 0.6 s of CPU
in every ``whimbrel process``, in the process that feeds the workers.

:func:`import_sparing` imports a module while such a dependency is an empty stand-in, then forgets the
stand-in, so a later ``import`` of the dependency gets the real module. Names the library takes from the
stand-in at import time (``from .cli.info import info``) are functions that import the real one and call it.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["import_sparing"]


def import_sparing(name: str, spared: Mapping[str, Sequence[str]]) -> types.ModuleType:
    """``import name``, with each module of ``spared`` (not imported yet) an empty stand-in meanwhile; the
    stand-in's listed attributes are functions that call the real module's function of that name."""
    if name in sys.modules:
        return sys.modules[name]
    stand_ins = {module: _stand_in(module, attributes) for module, attributes in spared.items()
                 if module not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        return importlib.import_module(name)
    finally:
        for module, stand_in in stand_ins.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]
            # (vars, not getattr: a package's lazy __getattr__, SciPy's, would import the real module now)
            parent, _, child = module.rpartition(".")
            if parent in sys.modules and vars(sys.modules[parent]).get(child) is stand_in:
                delattr(sys.modules[parent], child)


def _stand_in(module: str, attributes: Sequence[str]) -> types.ModuleType:
    stand_in = types.ModuleType(module, f"stand-in for {module} while another module is imported")
    for attribute in attributes:
        setattr(stand_in, attribute, _deferred(module, attribute))
    return stand_in


def _deferred(module: str, attribute: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), attribute)(*args, **kwargs)

    call.__name__ = call.__qualname__ = attribute
    call.__doc__ = f"{module}.{attribute}, imported at the first call"
    return call
