"""Searching, selecting and set ops: argpartition, searchsorted, select, isin, nonzero,
unique, unravel_index, and ``vectorize``.

``nonzero`` and ``unique`` (without ``size``) have value-dependent output lengths:
on KerasTensors they record a node whose outputs have an unknown (``None``) length.

>>> import numpy as np
>>> [i.tolist() for i in nonzero(np.array([0, 7, 0, 9]))]
[[1, 3]]
"""

import jax.numpy as jnp

from lamina.core.convert import convert_to_tensor
from lamina.core.keras_tensor import KerasTensor
from lamina.ops.dispatch import symbolic_aware
from lamina.ops.numpy_spec import to_tensor, with_spec

__all__ = [
    "argpartition",
    "searchsorted",
    "select",
    "isin",
    "nonzero",
    "unique",
    "unravel_index",
    "vectorize",
]


@symbolic_aware
def argpartition(x, kth, axis=-1):
    """Indices that partition ``x`` along ``axis`` so that the ``kth`` entry is in its
    sorted place, smaller ones before and larger ones after (flattened when axis=None).

    >>> int(jnp.array([30, 10, 20])[argpartition(jnp.array([30, 10, 20]), 1)[1]])
    20
    """
    x = convert_to_tensor(x)
    if axis is None:
        return jnp.argpartition(jnp.ravel(x), kth, axis=0)
    return jnp.argpartition(x, kth, axis=axis)


@symbolic_aware
def searchsorted(sorted_sequence, values, side="left"):
    """Indices where ``values`` would be inserted into the 1-D ``sorted_sequence`` to
    keep it sorted (``side="right"`` places equal values after).

    >>> searchsorted(jnp.array([1, 3, 5]), jnp.array([3, 4]), side="right").tolist()
    [2, 2]
    """
    sorted_sequence, values = to_tensor((sorted_sequence, values))
    if sorted_sequence.ndim != 1:
        raise ValueError(
            "searchsorted takes a 1-D sorted_sequence. "
            f"Received: sorted_sequence.shape={sorted_sequence.shape}. "
            "Fix: map it over the rows, e.g. with ops.vectorized_map."
        )
    return jnp.searchsorted(sorted_sequence, values, side=side)


@symbolic_aware
def _select(condlist, choicelist, default=0):
    return jnp.select(to_tensor(condlist), to_tensor(choicelist), default)


_select.__name__ = "select"


def select(condlist, choicelist, default=0):
    """Entries of ``choicelist[i]`` where ``condlist[i]`` is the first true condition,
    else ``default``.

    >>> x = jnp.array([-2, 0, 3])
    >>> select([x < 0, x > 0], [-x, x * 10], default=7).tolist()
    [2, 7, 30]
    """
    if not isinstance(condlist, (list, tuple)) or not isinstance(choicelist, (list, tuple)):
        raise ValueError(
            "select: condlist and choicelist must be lists. Received: "
            f"type(condlist)={type(condlist).__name__}, "
            f"type(choicelist)={type(choicelist).__name__}."
        )
    if not condlist or not choicelist:
        raise ValueError(
            "select: condlist and choicelist must not be empty. "
            f"Received: condlist={condlist}, choicelist={choicelist}."
        )
    return _select(list(condlist), list(choicelist), default)


@symbolic_aware
def isin(x1, x2, assume_unique=False, invert=False):
    """True where an entry of ``x1`` occurs in ``x2`` (False with ``invert``).

    >>> isin(jnp.array([1, 2, 3]), jnp.array([3, 1])).tolist()
    [True, False, True]
    """
    x1, x2 = to_tensor((x1, x2))
    return jnp.isin(x1, x2, assume_unique=assume_unique, invert=invert)


@with_spec(lambda x: tuple(KerasTensor((None,), "int32") for _ in x.shape))
def nonzero(x):
    """A tuple with, per axis, the indices of the non-zero entries of ``x``.

    >>> [i.tolist() for i in nonzero(jnp.array([[0, 1], [2, 0]]))]
    [[0, 1], [1, 0]]
    """
    return jnp.nonzero(convert_to_tensor(x))


def _unique_spec(
    x,
    sorted=True,
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    size=None,
    fill_value=None,
):
    shape = list(x.shape)
    if axis is None:
        values = KerasTensor((size,), x.dtype)
        inverse_shape = tuple(shape)
    else:
        axis = axis % len(shape)
        values = KerasTensor(tuple(shape[:axis] + [size] + shape[axis + 1 :]), x.dtype)
        inverse_shape = (shape[axis],)
    outputs = [values]
    if return_index:
        outputs.append(KerasTensor((size,), "int32"))
    if return_inverse:
        outputs.append(KerasTensor(inverse_shape, "int32"))
    if return_counts:
        outputs.append(KerasTensor((size,), "int32"))
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


@with_spec(_unique_spec)
def unique(
    x,
    sorted=True,
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    size=None,
    fill_value=None,
):
    """The unique entries of ``x`` (rows/slices along ``axis`` when given), optionally with
    first-occurrence indices, inverse indices and counts.

    Their number depends on the values, so symbolic outputs have an unknown length,
    unless ``size`` fixes it (padding with ``fill_value``), which also makes it jittable.

    >>> values, counts = unique(jnp.array([3, 1, 3]), return_counts=True)
    >>> values.tolist(), counts.tolist()
    ([1, 3], [1, 2])
    """
    return jnp.unique(
        convert_to_tensor(x),
        return_index=return_index,
        return_inverse=return_inverse,
        return_counts=return_counts,
        axis=axis,
        equal_nan=False,
        size=size,
        fill_value=fill_value,
        sorted=sorted,
    )


@symbolic_aware
def unravel_index(indices, shape):
    """Flat ``indices`` turned into a tuple of coordinate arrays for an array of ``shape``.

    >>> [i.tolist() for i in unravel_index(jnp.array([5, 1]), (2, 3))]
    [[1, 0], [2, 1]]
    """
    return jnp.unravel_index(convert_to_tensor(indices), tuple(shape))


def vectorize(pyfunc, *, excluded=None, signature=None):
    """``pyfunc`` (written for single entries, or for the core shapes of ``signature``
    such as ``"(n),(n)->()"``) turned into a function over whole arrays; the result also
    accepts KerasTensors.

    >>> clipped = vectorize(lambda a: jnp.where(a > 1, 1, a))
    >>> clipped(jnp.array([0, 2])).tolist()
    [0, 1]
    """
    if not callable(pyfunc):
        raise ValueError(f"vectorize: `pyfunc` must be callable. Received: pyfunc={pyfunc!r}.")
    vectorized = jnp.vectorize(pyfunc, excluded=excluded or set(), signature=signature)

    def run(*args, **kwargs):
        return vectorized(*args, **kwargs)

    run.__name__ = run.__qualname__ = "vectorize"
    return symbolic_aware(run)
