"""``Lambda``: wrap a function of tensors as a layer.

>>> import numpy as np
>>> Lambda(lambda x: x * 2)(np.array([[1.0, 2.0]])).tolist()
[[2.0, 4.0]]

A Lambda can be saved only when its function is *registered* (a built-in such as
``lamina.activations.relu``, or a function decorated with
``@lamina.saving.register_keras_serializable()``): lamina never writes Python code into
a config and never runs code read from one.
"""

import inspect

from lamina._registry import (
    SerializationError,
    deserialize_keras_object,
    get_registered_name,
    get_registered_object,
    register_builtin,
    serialize_keras_object,
)
from lamina.layers.layer import Layer
from lamina.ops.operation import MaskNotSupportedError
from lamina.utils import tree


def _parameters(fn) -> set:
    try:
        return set(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return set()


def _function_to_config(fn, layer_name, argument):
    if not inspect.isfunction(fn) and hasattr(fn, "get_config"):
        return serialize_keras_object(fn)  # a callable object that knows its config
    name = get_registered_name(fn)
    if getattr(fn, "__name__", None) != "<lambda>" and get_registered_object(name) is fn:
        return name
    shown = getattr(fn, "__qualname__", repr(fn))
    raise SerializationError(
        f"Lambda '{layer_name}': cannot serialize its {argument} {shown!r}. A Lambda holding a "
        "Python function or lambda cannot be saved: lamina never stores code in a config. "
        "Fix: define a named function, register it with "
        "@lamina.saving.register_keras_serializable() (or pass it in custom_objects={...} "
        "when loading), or subclass Layer and implement call() and get_config()."
    )


def _function_from_config(config, custom_objects, argument):
    if callable(config):
        return config
    if isinstance(config, dict) and config.get("class_name") == "__lambda__":
        raise SerializationError(
            f"Lambda: the config's {argument} is Python bytecode (a Keras-saved lambda). "
            "lamina never deserializes code. Rewrite it as a named function and pass it in "
            "custom_objects={'name': function}, or replace the Lambda by a Layer subclass."
        )
    if isinstance(config, dict) and config.get("class_name") == "function":
        config = config.get("config")
    if isinstance(config, dict):
        return deserialize_keras_object(config, custom_objects, kind=f"Lambda {argument}")
    if not isinstance(config, str):
        raise SerializationError(
            f"Lambda: expected the {argument} as a registered function name, received "
            f"{config!r}."
        )
    found = get_registered_object(config, custom_objects)
    if found is None:
        raise SerializationError(
            f"Lambda: unknown {argument} {config!r}. Register the function with "
            "@lamina.saving.register_keras_serializable() or pass it in "
            f"custom_objects={{{config!r}: function}}."
        )
    return found


@register_builtin
class Lambda(Layer):
    """Calls ``function(inputs, **arguments)`` (plus ``mask=``/``training=`` if it takes them).

    Args:
        function: the function of the inputs.
        output_shape: documentation of the output shape (without the batch axis) or a
            callable ``input_shape -> output_shape``; shapes are inferred by tracing, so
            this is optional. It is kept in the config.
        mask: the output mask: a callable ``(inputs, mask) -> mask``, or a fixed mask.
        arguments: extra keyword arguments for ``function``.

    Masks: a mask reaching the Lambda is given to ``function`` if it takes ``mask``.
    Otherwise, unless ``mask=`` says what the output mask is, the call raises
    ``MaskNotSupportedError`` (the mask would be lost). To keep an incoming mask, pass
    ``mask=lambda inputs, mask: mask``.

    Unlike Keras, ``get_config`` refuses a function that is not registered (see the
    module docstring).

    >>> import numpy as np
    >>> from lamina.activations import relu
    >>> Lambda(relu).get_config()["function"]
    'relu'
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise TypeError(
                f"Lambda '{self.name}': function must be callable, received "
                f"{type(function).__name__}: {function!r}."
            )
        self.function = function
        self.arguments = dict(arguments or {})
        self.mask = mask
        self.supports_masking = mask is not None
        self._output_shape = output_shape
        params = _parameters(function)
        self._fn_takes_mask = "mask" in params
        self._fn_takes_training = "training" in params
        self.built = True

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_takes_mask:
            kwargs["mask"] = mask
        elif self.mask is None and any(m is not None for m in tree.flatten(mask)):
            raise MaskNotSupportedError(
                f"Lambda '{self.name}' received a mask, but its function takes no mask= "
                "argument and the Lambda has no mask= rule, so the mask would be lost. Fix: "
                "pass mask=lambda inputs, mask: mask to keep it (elementwise functions), "
                "give the function a mask argument, or end the mask before this layer."
            )
        if self._fn_takes_training:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs, mask=None):
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    def get_config(self):
        config = {**super().get_config(),
                  "function": _function_to_config(self.function, self.name, "function")}
        if self._output_shape is not None:
            config["output_shape"] = (
                _function_to_config(self._output_shape, self.name, "output_shape")
                if callable(self._output_shape) else self._output_shape
            )
        if self.mask is not None:
            config["mask"] = (_function_to_config(self.mask, self.name, "mask")
                              if callable(self.mask) else serialize_keras_object(self.mask))
        config["arguments"] = serialize_keras_object(self.arguments)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["function"] = _function_from_config(config["function"], custom_objects,
                                                   "function")
        shape = config.get("output_shape")
        if isinstance(shape, (str, dict)):
            config["output_shape"] = _function_from_config(shape, custom_objects,
                                                           "output_shape")
        elif isinstance(shape, list):
            config["output_shape"] = _as_tuples(shape)
        mask = config.get("mask")
        if isinstance(mask, str) or (isinstance(mask, dict)
                                     and mask.get("class_name") != "__numpy__"):
            config["mask"] = _function_from_config(mask, custom_objects, "mask")
        elif isinstance(mask, dict):
            config["mask"] = deserialize_keras_object(mask)
        config["arguments"] = {
            k: deserialize_keras_object(v, custom_objects)
            if isinstance(v, dict) and "class_name" in v else v
            for k, v in (config.get("arguments") or {}).items()
        }
        return cls(**config)


def _as_tuples(shape):
    if all(d is None or isinstance(d, int) for d in shape):
        return tuple(shape)
    return [_as_tuples(s) if isinstance(s, list) else s for s in shape]
