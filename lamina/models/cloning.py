"""``clone_model``: the same architecture with new layers (and so new, freshly initialized
weights), as Keras 3's ``keras.models.clone_model``.

Functional models are rebuilt by replaying their graph: every layer goes through
``clone_function`` (each layer once, so a shared layer stays shared in the copy) and is
called on the new tensors with the recorded arguments. Plain operations recorded in the
graph (``x + 1``, ``lamina.ops.*`` on symbolic tensors) hold no state and are replayed
as they are. Sequential models clone their layer list; other (subclassed) models go
through their config.
"""

import inspect

from lamina._registry import deserialize_keras_object, serialize_keras_object
from lamina.core.keras_tensor import KerasTensor
from lamina.layers.core.input_layer import Input, InputLayer
from lamina.layers.layer import Layer
from lamina.models.model import Model
from lamina.models.sequential import Sequential
from lamina.utils import tree


def _default_clone(layer):
    return type(layer).from_config(layer.get_config())


def _wrap_clone_function(clone_function, call_function, recursive, cache):
    """One clone per layer (by identity); nested models cloned recursively on request."""
    clone_function = clone_function or _default_clone

    def clone(layer):
        if id(layer) in cache:
            return cache[id(layer)]
        if recursive and isinstance(layer, Sequential):
            new = clone_model(layer, clone_function=clone_function, recursive=True, cache=cache)
        elif recursive and isinstance(layer, Model) and layer.is_functional:
            new = clone_model(
                layer,
                clone_function=clone_function,
                call_function=call_function,
                recursive=True,
                cache=cache,
            )
        else:
            new = clone_function(layer)
        cache[id(layer)] = new
        return new

    return clone


def clone_model(
    model, input_tensors=None, clone_function=None, call_function=None, recursive=False, **kwargs
):
    """A new model with the architecture of ``model`` and new weights (not copied: use
    ``new.set_weights(model.get_weights())`` for that). A compiled model's copy is
    compiled with the same configuration.

    Args:
        model: a functional, ``Sequential`` or subclassed ``Model``.
        input_tensors: symbolic tensors to build the copy on (the structure of
            ``model.input``, or a list with one tensor per input); new ``Input``s by
            default. Functional and Sequential models only.
        clone_function: ``fn(layer) -> layer`` making each copy; by default
            ``layer.__class__.from_config(layer.get_config())``. Return the layer itself
            to share it. Functional and Sequential models only.
        call_function: ``fn(layer, *args, **kwargs) -> outputs`` calling each cloned layer
            (to insert layers around it, say); functional models only.
        recursive: clone nested functional / Sequential models with ``clone_model`` (and
            the same functions) instead of passing them to ``clone_function`` whole.

    >>> import lamina, numpy as np
    >>> inputs = lamina.Input(shape=(3,))
    >>> model = lamina.Model(inputs, lamina.layers.Dense(2)(inputs))
    >>> copy = clone_model(model)
    >>> copy.set_weights(model.get_weights())
    >>> x = np.ones((1, 3), "float32")
    >>> bool(np.allclose(copy.predict(x, verbose=0), model.predict(x, verbose=0)))
    True
    >>> copy.layers[1] is model.layers[1]
    False
    """
    cache = kwargs.pop("cache", None)
    if kwargs:
        raise ValueError(f"clone_model: unexpected keyword argument(s) {sorted(kwargs)}.")
    if not isinstance(model, Model):
        raise TypeError(
            f"clone_model: expected a lamina Model, received {type(model).__name__}. To copy "
            "a single layer use layer.__class__.from_config(layer.get_config())."
        )
    for name, fn in (("clone_function", clone_function), ("call_function", call_function)):
        if fn is not None and not callable(fn):
            raise ValueError(f"clone_model: {name} must be callable, received {fn!r}.")
    cache = {} if cache is None else cache
    if isinstance(model, Sequential):
        if call_function is not None:
            raise ValueError(
                f"clone_model: call_function works only with functional models; Sequential "
                f"model '{model.name}' lists its layers rather than calling them. Use "
                "clone_function, or rebuild the model as a functional one."
            )
        clone = _wrap_clone_function(clone_function, None, recursive, cache)
        return _compiled_like(model, _clone_sequential(model, clone, input_tensors))
    if model.is_functional:
        clone = _wrap_clone_function(clone_function, call_function, recursive, cache)
        return _compiled_like(model, _clone_functional(model, clone, input_tensors, call_function))
    if clone_function is not None or input_tensors is not None or call_function is not None:
        raise ValueError(
            f"clone_model: clone_function, input_tensors and call_function need a functional "
            f"or Sequential model; '{model.name}' is a subclassed {type(model).__name__}, "
            "which is cloned through get_config()/from_config() only."
        )
    config = serialize_keras_object(model)
    return deserialize_keras_object(
        config, custom_objects={type(model).__name__: type(model)}, kind="model"
    )


def _compiled_like(model, new_model):
    if model.compiled:
        new_model.compile_from_config(model.get_compile_config())
    return new_model


def _single_tensor(input_tensors, model):
    if isinstance(input_tensors, (list, tuple)):
        if len(input_tensors) != 1:
            raise ValueError(
                f"clone_model: Sequential model '{model.name}' has one input; input_tensors "
                f"must hold a single tensor, received {len(input_tensors)}."
            )
        input_tensors = input_tensors[0]
    if not isinstance(input_tensors, KerasTensor):
        raise ValueError(
            "clone_model: input_tensors must be a symbolic tensor (lamina.Input(...) or a "
            f"layer output), received {type(input_tensors).__name__}."
        )
    return input_tensors


def _clone_sequential(model, clone, input_tensors):
    new_layers = [clone(layer) for layer in model.layers]
    first = model._stack[0] if model._stack else None
    if input_tensors is not None:
        tensor = _single_tensor(input_tensors, model)
        name = first.name if isinstance(first, InputLayer) else None
        optional = first.optional if isinstance(first, InputLayer) else False
        new_layers = [Input(tensor=tensor, name=name, optional=optional), *new_layers]
    elif isinstance(first, InputLayer):
        new_input = Input(
            batch_shape=first.batch_shape,
            dtype=first.dtype,
            name=first.name,
            optional=first.optional,
        )
        new_layers = [new_input, *new_layers]
    return Sequential(new_layers, name=model.name, trainable=model.trainable)


def _new_inputs(model, input_tensors):
    function = model._function
    if input_tensors is None:
        flat = []
        for x in function.inputs:
            layer = x._keras_history[0]
            optional = getattr(layer, "optional", False) if isinstance(layer, InputLayer) else False
            flat.append(Input(batch_shape=x.shape, dtype=x.dtype, name=x.name, optional=optional))
        return tree.pack_sequence_as(model._inputs_structure, flat), flat
    flat = tree.flatten(input_tensors)
    bad = [type(x).__name__ for x in flat if not isinstance(x, KerasTensor)]
    if bad:
        raise ValueError(
            "clone_model: every entry of input_tensors must be a symbolic tensor "
            f"(lamina.Input(...) or a layer output); received {bad}."
        )
    if len(flat) != len(function.inputs):
        raise ValueError(
            f"clone_model: model '{model.name}' has {len(function.inputs)} input(s) "
            f"{[x.name for x in function.inputs]}, but input_tensors holds {len(flat)}."
        )
    for new, old in zip(flat, function.inputs):
        if len(new.shape) != len(old.shape):
            raise ValueError(
                f"clone_model: input tensor {new.name} has shape {new.shape}, but the model's "
                f"input {old.name} has shape {old.shape} (a different rank)."
            )
    structure = model._inputs_structure
    if isinstance(structure, dict) and not isinstance(input_tensors, dict):
        input_tensors = tree.pack_sequence_as(structure, flat)
    return input_tensors, flat


def _clone_functional(model, clone, input_tensors, call_function):
    function = model._function
    new_inputs, flat_inputs = _new_inputs(model, input_tensors)
    table = {id(old): new for old, new in zip(function.inputs, flat_inputs)}

    def lookup(value):
        return table[id(value)] if isinstance(value, KerasTensor) else value

    for node in function.nodes:
        operation = node.operation
        new_operation = clone(operation) if isinstance(operation, Layer) else operation
        args, kwargs = tree.map_structure(lookup, (node.call_args, node.call_kwargs))
        if call_function is not None:
            outputs = call_function(new_operation, *args, **kwargs)
        else:
            outputs = new_operation(*args, **kwargs)
        for old, new in zip(node.outputs, tree.flatten(outputs)):
            if isinstance(old, KerasTensor):
                table[id(old)] = new
    new_outputs = tree.pack_sequence_as(
        model._outputs_structure, [table[id(x)] for x in function.outputs]
    )
    cls = type(model)
    if cls is Model or _takes_inputs_and_outputs(cls):
        return cls(new_inputs, new_outputs, name=model.name)
    return Model(new_inputs, new_outputs, name=model.name)


def _takes_inputs_and_outputs(cls) -> bool:
    """A Model subclass whose constructor still takes ``(inputs, outputs, name=...)``."""
    try:
        parameters = inspect.signature(cls.__init__).parameters
    except (TypeError, ValueError):
        return False
    names = list(parameters)
    return names[1:3] == ["inputs", "outputs"] and (
        "name" in parameters or any(p.kind is p.VAR_KEYWORD for p in parameters.values())
    )
