"""``Merge``: base of the layers that combine a list of tensors elementwise.

Shapes are validated in ``build``, so a bad merge fails when the functional graph is
built, with the layer's name and the shapes in the message:

>>> from lamina.layers.core.input_layer import Input
>>> from lamina.layers.merging.add import Add
>>> Add(name="residual")([Input(shape=(3,)), Input(shape=(4,))])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: Add 'residual': inputs have incompatible shapes (None, 3) and (None, 4)...
"""

import jax.numpy as jnp

from lamina.layers.layer import Layer


def _shape_str(shape):
    return str(tuple(shape)) if shape is not None else "None"


def broadcast_mask(mask, x):
    """``mask`` (usually ``(batch, time)``) broadcast to ``x``'s shape via trailing axes.

    >>> import numpy as np
    >>> broadcast_mask(np.array([[True, False]]), np.zeros((1, 2, 3))).shape
    (1, 2, 3)
    """
    mask = jnp.asarray(mask, dtype=bool)
    while mask.ndim < x.ndim:
        mask = mask[..., None]
    return jnp.broadcast_to(mask, x.shape)


class Merge(Layer):
    """Base class: validates the list of inputs, brings ranks level, merges.

    Subclasses implement ``_merge_function(inputs, masks)``. Inputs of lower rank are
    expanded at axis 1 until every input has the same rank; sizes broadcast where one
    of them is 1.

    Masks (Keras 3 rules): the output mask is the OR of the input masks when every input
    has one; if some input has no mask, that input is valid everywhere, so the output
    is too and no mask is produced. ``Maximum``, ``Minimum`` and ``Multiply`` also use
    the masks in their values (a masked entry does not take part); ``Add``,
    ``Subtract`` and ``Average`` combine the values as they are.

    >>> import numpy as np
    >>> from lamina.layers.merging.add import Add
    >>> Add()([np.ones((1, 2)), np.ones((1, 2))]).tolist()
    [[2.0, 2.0]]
    """

    #: exact number of inputs required (None: any number >= 1).
    _num_inputs = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self._reshape_required = False

    def _label(self):
        return f"{type(self).__name__} '{self.name}'"

    def _check_list(self, shapes):
        if not isinstance(shapes, (list, tuple)) or not shapes or not all(
                s is None or isinstance(s, (list, tuple)) for s in shapes):
            raise ValueError(
                f"{self._label()} must be called on a list of tensors, received input "
                f"shape(s) {shapes}. Call it as layer([x1, x2, ...])."
            )
        if any(s is not None and any(isinstance(d, (list, tuple)) for d in s) for s in shapes):
            raise ValueError(
                f"{self._label()} must be called on a flat list of tensors, received nested "
                f"input shapes {shapes}."
            )
        if self._num_inputs is not None and len(shapes) != self._num_inputs:
            raise ValueError(
                f"{self._label()} must be called on exactly {self._num_inputs} inputs, "
                f"received {len(shapes)} (shapes {[_shape_str(s) for s in shapes]})."
            )
        batch_sizes = {s[0] for s in shapes if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(
                f"{self._label()}: inputs have different batch sizes, received shapes "
                f"{[_shape_str(s) for s in shapes]}."
            )

    def _broadcast_shapes(self, shape1, shape2):
        """Elementwise result of two shapes without batch axis (aligned on the right)."""
        if shape1 is None or shape2 is None:
            return None
        if len(shape1) < len(shape2):
            shape1, shape2 = shape2, shape1
        if not shape2:
            return tuple(shape1)
        out = list(shape1[: len(shape1) - len(shape2)])
        for a, b in zip(shape1[len(shape1) - len(shape2):], shape2):
            if a is None or b is None:
                out.append(None)
            elif a == 1 or b == 1 or a == b:
                out.append(b if a == 1 else a)
            else:
                return "incompatible"
        return tuple(out)

    def build(self, input_shape):
        self._check_list(input_shape)
        shapes = [tuple(s) if s is not None else None for s in input_shape]
        out = shapes[0][1:] if shapes[0] is not None else None
        for shape in shapes[1:]:
            result = self._broadcast_shapes(out, shape[1:] if shape is not None else None)
            if result == "incompatible":
                raise ValueError(
                    f"{self._label()}: inputs have incompatible shapes "
                    f"{', '.join(_shape_str(s) for s in shapes[:-1])} and "
                    f"{_shape_str(shapes[-1])}: every axis but the batch axis must have "
                    "the same size (or size 1, to broadcast)."
                )
            out = result
        self._reshape_required = None in shapes or len({len(s) for s in shapes}) > 1
        self.built = True

    def _merge_function(self, inputs, masks):
        raise NotImplementedError

    def call(self, inputs, mask=None):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"{self._label()} must be called on a list of tensors, received a single "
                f"{type(inputs).__name__}. Call it as layer([x1, x2, ...])."
            )
        masks = self._masks_list(inputs, mask)
        if self._reshape_required:
            rank = max(x.ndim for x in inputs)
            levelled = []
            for x in inputs:
                while x.ndim < rank:
                    x = jnp.expand_dims(x, 1)
                levelled.append(x)
            # A mask no longer lines up with an expanded input: values merge unmasked.
            return self._merge_function(levelled, [None] * len(inputs))
        return self._merge_function(list(inputs), masks)

    def _masks_list(self, inputs, mask):
        if mask is None:
            return [None] * len(inputs)
        if not isinstance(mask, (list, tuple)) or len(mask) != len(inputs):
            raise ValueError(
                f"{self._label()}: mask must be a list with one entry (or None) per input "
                f"({len(inputs)}), received {mask!r}."
            )
        return list(mask)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        masks = self._masks_list(inputs, mask)
        if any(m is None for m in masks):
            return None
        output = jnp.asarray(masks[0], dtype=bool)
        for m in masks[1:]:
            output = jnp.logical_or(output, m)
        return output



def masked_reduce(op, inputs, masks):
    """Fold ``op`` over ``inputs`` so that masked entries do not take part (Max/Min).

    >>> import numpy as np
    >>> a, b = np.array([[[5.0], [1.0]]]), np.array([[[2.0], [7.0]]])
    >>> masks = [np.array([[False, True]]), np.array([[True, False]])]
    >>> np.asarray(masked_reduce(np.maximum, [a, b], masks)).ravel().tolist()
    [2.0, 1.0]
    """
    output, output_mask = None, None
    for x, mask in zip(inputs, masks):
        mask = None if mask is None else broadcast_mask(mask, x)
        if output is None:
            output, output_mask = x, mask
            continue
        if mask is not None:
            x = jnp.where(mask, x, output)
        if output_mask is not None:
            output = jnp.where(output_mask, output, x)
        output_mask = (jnp.logical_or(output_mask, mask)
                       if mask is not None and output_mask is not None else None)
        output = op(output, x)
    return output
