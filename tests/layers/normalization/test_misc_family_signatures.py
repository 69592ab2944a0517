"""Every Keras 3 constructor argument of the normalization, reshaping, regularization
and activation layers is accepted by lamina's layer of the same name (with the same
default)."""

import inspect

import pytest

from lamina.layers import activations, normalization, regularization, reshaping

NAMES = [(module, name) for module in (normalization, reshaping, regularization, activations)
         for name in module.__all__]


@pytest.mark.parametrize(("module", "name"), NAMES, ids=[n for _, n in NAMES])
def test_constructor_accepts_every_keras_argument(module, name):
    keras = pytest.importorskip("keras")
    ours = inspect.signature(getattr(module, name).__init__).parameters
    theirs = inspect.signature(getattr(keras.layers, name).__init__).parameters
    for param in theirs.values():
        if param.kind is param.VAR_KEYWORD or param.name == "self":
            continue
        assert param.name in ours or any(
            p.kind is p.VAR_KEYWORD for p in ours.values()
        ) and param.name in ("name", "dtype"), f"{name} lacks Keras argument {param.name!r}"
        if param.name in ours:
            default = ours[param.name].default
            if isinstance(param.default, tuple) and isinstance(default, list):
                default = tuple(default)
            assert default == param.default, (name, param.name, default, param.default)
