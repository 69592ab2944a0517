"""Harness cases for every exported layer, one module per layer family.

Each module defines ``CASES: dict[str, LayerCase]`` keyed by the class name exported
from ``lamina.layers`` (and may list exported base classes that are not standalone
layers in ``NOT_STANDALONE``); ``test_every_layer.py`` fails for an exported layer
without a case.
"""

import dataclasses
import importlib
import pkgutil


@dataclasses.dataclass
class LayerCase:
    """How to build and feed one layer in the shared harness.

    mask: what the layer does with a (batch, time) mask on its first input:
      "pass" (output carries the same mask), "compute" (output carries a mask),
      "end" (consumes it; no output mask), "refuse" (raises MaskNotSupportedError),
      or None when its input has no time axis to mask.
    """

    init: dict = dataclasses.field(default_factory=dict)
    input_shape: object = (2, 3, 4)  # a shape, or a list of shapes for multi-input layers
    dtype: str = "float32"
    low: int = 0  # integer inputs are drawn from [low, high)
    high: int = 10
    mask: str | None = None
    fit: bool = True  # whether one fit step with an MSE head makes sense
    call_kwargs: dict = dataclasses.field(default_factory=dict)


def not_standalone() -> set:
    names = set()
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        names |= set(getattr(module, "NOT_STANDALONE", ()))
    return names


def all_cases() -> dict:
    cases = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, case in getattr(module, "CASES", {}).items():
            assert name not in cases, f"two case modules define {name}"
            cases[name] = case
    return cases
