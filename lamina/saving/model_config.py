"""A model's ``config.json``: its Keras 3 config, compile config, and the save-time check.

``model_to_config`` serializes the model (``module``, ``class_name``, ``config``,
``registered_name``, ``build_config``) and adds ``compile_config`` (the arguments of
``compile``, with the optimizer as a config of its current hyper-parameters) when the
model is compiled. Before anything is written, every object the config would rebuild
from a user-written class (custom layers, subclassed models, custom optimizers) is
checked: each ``__init__`` argument must appear in ``get_config()``, and
``from_config(get_config())`` must rebuild an object with the same config. A class that
fails is named with the argument, at save time, rather than loading wrong later.

>>> import lamina
>>> model = lamina.Sequential([lamina.Input((2,)), lamina.layers.Dense(1)])
>>> model_to_config(model)["class_name"]
'Sequential'
"""

import contextlib
import inspect
import json
import random as python_random
import warnings

from lamina._registry import (
    SerializationError,
    deserialize_keras_object,
    get_registered_object,
    is_builtin,
    serialize_keras_object,
)
from lamina.core import context
from lamina.saving.errors import ConfigError, SaveError
from lamina.utils import naming

_COMPILE_ARGUMENTS = ("optimizer", "loss", "loss_weights", "metrics", "weighted_metrics",
                      "run_eagerly", "steps_per_execution", "jit_compile", "auto_scale_loss")


# ------------------------------------------------------------------------------ compile
def raw_compile_arguments(model):
    """The arguments ``compile`` was called with (``None`` if the model is not compiled).

    Read from ``model._compile_config`` when the trainer records it; otherwise
    reconstructed from the trainer's compiled state.
    """
    if not getattr(model, "compiled", False):
        return None
    recorded = getattr(model, "_compile_config", None)
    if isinstance(recorded, dict):
        arguments = dict(recorded)
    else:
        compile_loss = getattr(model, "_compile_loss", None)
        compile_metrics = getattr(model, "_compile_metrics", None)
        arguments = {
            "loss": getattr(compile_loss, "loss_config", None),
            "loss_weights": getattr(compile_loss, "loss_weights_config", None),
            "metrics": getattr(compile_metrics, "metrics_config", None),
            "weighted_metrics": getattr(compile_metrics, "weighted_config", None),
            "run_eagerly": bool(getattr(model, "_run_eagerly", False)),
            "steps_per_execution": getattr(model, "steps_per_execution", 1),
            "jit_compile": bool(getattr(model, "_jit_compile", True)),
        }
    arguments["optimizer"] = model.optimizer  # its current state, as Keras saves it
    return arguments


def compile_config(model):
    """The Keras 3 ``compile_config`` of ``model`` (``None`` if not compiled)."""
    arguments = raw_compile_arguments(model)
    if arguments is None:
        return None
    config = {}
    for key in _COMPILE_ARGUMENTS:
        if key not in arguments:
            continue
        value = arguments[key]
        try:
            config[key] = serialize_keras_object(value)
        except SerializationError as error:
            raise SaveError(
                f"Cannot save model '{model.name}': its compile argument {key}= cannot be "
                f"serialized ({error})"
            ) from None
    return config


def _compile_value(value, custom_objects):
    """Deserialize a compile argument: records become objects, strings stay names."""
    if isinstance(value, list):
        return [_compile_value(v, custom_objects) for v in value]
    if isinstance(value, dict) and "class_name" in value:
        return deserialize_keras_object(value, custom_objects, kind="compile argument")
    if isinstance(value, dict):
        return {k: _compile_value(v, custom_objects) for k, v in value.items()}
    if isinstance(value, str) and ">" in value:
        found = get_registered_object(value, custom_objects)
        return value if found is None else found
    if isinstance(value, str) and custom_objects and value in custom_objects:
        return custom_objects[value]
    return value


def compile_from_config(model, config, custom_objects=None):
    """``model.compile(**arguments)`` from a saved ``compile_config``."""
    if not isinstance(config, dict):
        raise ConfigError("config.json: 'compile_config' must be a dict of compile arguments.")
    from lamina import optimizers

    known = set(inspect.signature(model.compile).parameters)
    arguments = {}
    for key, value in config.items():
        if key not in known:
            warnings.warn(f"load_model: ignoring unknown compile argument {key!r}.",
                          stacklevel=3)
            continue
        if key == "optimizer" and isinstance(value, dict):
            arguments[key] = optimizers.deserialize(value, custom_objects=custom_objects)
        else:
            arguments[key] = _compile_value(value, custom_objects)
    model.compile(**arguments)


# ------------------------------------------------------------------------------ config
def model_to_config(model) -> dict:
    """``config.json`` content for ``model`` (raises :class:`SaveError` if not faithful)."""
    try:
        config = serialize_keras_object(model)
    except SerializationError as error:
        raise SaveError(f"Cannot save model '{model.name}': {error}") from None
    if "compile_config" not in config:
        compiled = compile_config(model)
        if compiled is not None:
            config["compile_config"] = compiled
    check_rebuildable(model)
    try:
        json.dumps(config)
    except (TypeError, ValueError) as error:
        raise SaveError(
            f"Cannot save model '{model.name}': its config is not JSON ({error}). Some "
            "get_config() returns a value that is not a number, string, list or dict."
        ) from None
    return config


@contextlib.contextmanager
def _isolated():
    """Rebuilding objects for the check must not move name counters or random streams."""
    names = dict(naming._NAME_COUNTERS)
    rng = context.SEED_STATE.get("python_rng") or python_random
    rng_state = rng.getstate()
    generator = context.SEED_STATE.get("generator")
    try:
        yield
    finally:
        naming._NAME_COUNTERS.clear()
        naming._NAME_COUNTERS.update(names)
        rng.setstate(rng_state)
        context.SEED_STATE["generator"] = generator


def _objects_to_check(model):
    objects = list(model._flatten_layers())
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and getattr(model, "compiled", False):
        objects.append(optimizer)
    return [obj for obj in objects if not is_builtin(type(obj))]


def _normalized(config):
    return json.loads(json.dumps(serialize_keras_object(config), sort_keys=True))


def check_rebuildable(model) -> None:
    """Raise :class:`SaveError` naming the class and argument a config would lose."""
    for obj in _objects_to_check(model):
        cls = type(obj)
        config = obj.get_config()
        parameters = inspect.signature(cls.__init__).parameters
        for name, parameter in list(parameters.items())[1:]:
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            if name not in config:
                raise SaveError(
                    f"Cannot save: {cls.__name__}.__init__ takes the argument {name!r}, but "
                    f"{cls.__name__}.get_config() does not return it, so the loaded object "
                    f"would be rebuilt without it. Fix: return {name!r} in get_config() (and "
                    "accept it in __init__/from_config)."
                )
        expected = _normalized(config)
        with _isolated():
            try:
                rebuilt = cls.from_config(json.loads(json.dumps(expected)))
                got = _normalized(rebuilt.get_config())
            except Exception as error:
                raise SaveError(
                    f"Cannot save: {cls.__name__}.from_config(get_config()) fails "
                    f"({type(error).__name__}: {error}). Fix {cls.__name__}.get_config() / "
                    "from_config() so the object can be rebuilt from its config."
                ) from None
        differing = sorted(k for k in set(expected) | set(got) if expected.get(k) != got.get(k))
        if differing:
            key = differing[0]
            raise SaveError(
                f"Cannot save: {cls.__name__} rebuilt from its config differs in argument "
                f"{key!r} (saved {expected.get(key)!r}, rebuilt {got.get(key)!r}). Fix "
                f"{cls.__name__}.get_config() / __init__ so {key!r} round-trips."
            )
