"""``get`` / ``serialize`` / ``deserialize`` for optimizers.

Strings and class names are matched case-insensitively against the built-in optimizers
(``"adam"``, ``"Adam"``, ``"rmsprop"``); a raw optax ``GradientTransformation`` is wrapped
in an :class:`~lamina.optimizers.optax_optimizer.OptaxOptimizer`.

>>> type(get("rmsprop")).__name__
'RMSprop'
"""

import optax

from lamina._registry import deserialize_keras_object, serialize_keras_object
from lamina.optimizers.adadelta import Adadelta
from lamina.optimizers.adafactor import Adafactor
from lamina.optimizers.adagrad import Adagrad
from lamina.optimizers.adam import Adam
from lamina.optimizers.adamax import Adamax
from lamina.optimizers.adamw import AdamW
from lamina.optimizers.ftrl import Ftrl
from lamina.optimizers.lamb import Lamb
from lamina.optimizers.lion import Lion
from lamina.optimizers.loss_scale_optimizer import LossScaleOptimizer
from lamina.optimizers.muon import Muon
from lamina.optimizers.nadam import Nadam
from lamina.optimizers.optax_optimizer import OptaxOptimizer
from lamina.optimizers.optimizer import Optimizer
from lamina.optimizers.rmsprop import RMSprop
from lamina.optimizers.schedule_free_adamw import ScheduleFreeAdamW
from lamina.optimizers.sgd import SGD

ALL_OBJECTS = (Optimizer, SGD, Adam, AdamW, RMSprop, Adamax, Nadam, Adagrad, Adadelta, Lion,
               Ftrl, Adafactor, Lamb, OptaxOptimizer, LossScaleOptimizer, Muon,
               ScheduleFreeAdamW)
ALL_OBJECTS_DICT = {cls.__name__.lower(): cls for cls in ALL_OBJECTS}


def serialize(optimizer):
    """The Keras 3 config dict of an optimizer (``class_name``, ``config``, ...).

    >>> serialize(SGD(momentum=0.9))["config"]["momentum"]
    0.9
    """
    return serialize_keras_object(optimizer)


def deserialize(config, custom_objects=None):
    """Rebuild an optimizer from :func:`serialize` output (class names case-insensitive).

    >>> type(deserialize({"class_name": "adam", "config": {"learning_rate": 0.01}})).__name__
    'Adam'
    """
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "optimizers.deserialize: expected a dict with 'class_name' and 'config', "
            f"received {config!r}."
        )
    config = dict(config)
    lowered = str(config["class_name"]).lower()
    if lowered in ALL_OBJECTS_DICT and ">" not in str(config.get("registered_name") or ""):
        config["class_name"] = config["registered_name"] = lowered
    return deserialize_keras_object(config, custom_objects=custom_objects,
                                    module_objects=ALL_OBJECTS_DICT, kind="optimizer")


def get(identifier):
    """An optimizer from a name, a config dict, an instance, or an optax transformation.

    >>> get("sgd").get_config()["learning_rate"] == SGD().get_config()["learning_rate"]
    True
    >>> type(get(optax.adam(1e-3))).__name__
    'OptaxOptimizer'
    """
    if identifier is None:
        return None
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, optax.GradientTransformation):
        return OptaxOptimizer(identifier)
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = deserialize({"class_name": identifier, "config": {}})
    else:
        obj = identifier
    if isinstance(obj, Optimizer):
        return obj
    raise ValueError(
        f"Could not interpret optimizer identifier: {identifier!r}. Expected a name (e.g. "
        f"'adam'; known: {', '.join(sorted(ALL_OBJECTS_DICT))}), a config dict, an "
        "Optimizer instance, or an optax.GradientTransformation."
    )
