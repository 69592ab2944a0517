"""Every public name of ``keras.losses`` has a lamina counterpart with Keras' signature."""

import inspect

import pytest

from lamina import losses
from lamina.losses import lookup

keras = pytest.importorskip("keras")
keras_lookup = pytest.importorskip("keras.src.losses")

KERAS_NAMES = sorted(name for name in dir(keras.losses) if not name.startswith("_"))


def test_the_keras_catalogue_is_not_empty():
    assert {"Dice", "CTC", "Circle", "BinaryFocalCrossentropy"} <= set(KERAS_NAMES)


@pytest.mark.parametrize("name", KERAS_NAMES)
def test_every_keras_loss_exists_with_the_same_signature(name):
    theirs = getattr(keras.losses, name)
    assert hasattr(losses, name), f"lamina.losses.{name} is missing"
    ours = getattr(losses, name)
    assert inspect.isclass(ours) == inspect.isclass(theirs)
    their_params = inspect.signature(theirs).parameters
    our_params = inspect.signature(ours).parameters
    positional = [p.name for p in their_params.values() if p.kind == p.POSITIONAL_OR_KEYWORD]
    assert [p for p in our_params if p in positional] == positional
    assert list(our_params)[: len(positional)] == positional
    for param in their_params.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        assert param.name in our_params, f"{name}: argument {param.name!r} is missing"
        default = our_params[param.name].default
        if isinstance(param.default, (list, tuple)):
            assert list(default) == list(param.default)
        else:
            assert default == param.default, f"{name}({param.name}=...) default differs"


@pytest.mark.parametrize("key", sorted(keras_lookup.ALL_OBJECTS_DICT))
def test_every_keras_lookup_name_resolves(key):
    assert key in lookup.ALL_OBJECTS_DICT
    assert lookup.ALL_OBJECTS_DICT[key].__name__ == keras_lookup.ALL_OBJECTS_DICT[key].__name__
    if key != "LossFunctionWrapper":  # needs fn=
        assert losses.get(key) is not None
