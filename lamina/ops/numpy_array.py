"""Array-shape ops: splitting, stacking, flipping, rotating, flattening and indexing.

Each op works on arrays and records a graph node on KerasTensors. Splits along an axis
of unknown length give pieces of unknown length there (``None``), as in Keras.

>>> import numpy as np
>>> [p.shape for p in hsplit(np.zeros((2, 6)), 3)]
[(2, 2), (2, 2), (2, 2)]
"""

import math

import jax.numpy as jnp

from lamina.core.convert import convert_to_tensor, standardize_dtype
from lamina.core.keras_tensor import KerasTensor
from lamina.ops.dispatch import symbolic_aware
from lamina.ops.numpy_spec import to_tensor, with_spec

__all__ = [
    "append",
    "array_split",
    "dsplit",
    "hsplit",
    "vsplit",
    "dstack",
    "hstack",
    "vstack",
    "fliplr",
    "flipud",
    "rot90",
    "ravel",
    "diff",
    "get_item",
    "meshgrid",
    "ndim",
    "size",
    "view",
]


def _piece_lengths(length, sections, uneven):
    """Lengths of the pieces of an axis of ``length`` (None: unknown)."""
    if isinstance(sections, int):
        if length is None:
            return [None] * sections
        if not uneven and length % sections:
            raise ValueError(
                f"split: an axis of length {length} cannot be split into {sections} equal "
                "parts. Fix: pass a number of sections that divides it, or split indices, "
                "or use ops.array_split for unequal parts."
            )
        base, extra = divmod(length, sections)
        return [base + 1 if i < extra else base for i in range(sections)]
    bounds = [int(i) for i in sections]
    if length is None:
        starts = [0] + bounds
        stops = bounds + [None]
        return [
            None if stop is None or start < 0 or stop < 0 else max(0, stop - start)
            for start, stop in zip(starts, stops)
        ]
    bounds = [min(max(i + length if i < 0 else i, 0), length) for i in bounds]
    starts = [0] + bounds
    stops = bounds + [length]
    return [max(0, stop - start) for start, stop in zip(starts, stops)]


def _split_spec(default_axis, uneven=False, min_ndim=1, op="split"):
    def spec(x, indices_or_sections, axis=default_axis):
        rank = len(x.shape)
        if rank < min_ndim:
            raise ValueError(
                f"`{op}` needs an array of at least {min_ndim} dimensions. "
                f"Received: shape={x.shape}."
            )
        ax = 0 if rank == 1 and op == "hsplit" else axis % rank
        pieces = _piece_lengths(x.shape[ax], _sections(indices_or_sections), uneven)
        shape = list(x.shape)
        return [KerasTensor(tuple(shape[:ax] + [n] + shape[ax + 1 :]), x.dtype) for n in pieces]

    return spec


def _sections(indices_or_sections):
    if isinstance(indices_or_sections, int):
        return indices_or_sections
    return [int(i) for i in indices_or_sections]


@symbolic_aware
def append(x1, x2, axis=None):
    """``x2`` appended to ``x1`` along ``axis`` (both flattened first when None).

    >>> append(jnp.array([1, 2]), jnp.array([[3], [4]])).tolist()
    [1, 2, 3, 4]
    """
    return jnp.append(*to_tensor((x1, x2)), axis=axis)


def array_split(x, indices_or_sections, axis=0):
    """Split ``x`` into ``indices_or_sections`` parts along ``axis``; unlike ``split``, the
    parts may differ in length by one (the first ones are longer).

    >>> [p.tolist() for p in array_split(jnp.arange(5), 2)]
    [[0, 1, 2], [3, 4]]
    """
    if not isinstance(indices_or_sections, int) or isinstance(indices_or_sections, bool):
        raise TypeError(
            "array_split: `indices_or_sections` must be a Python int (the number of parts). "
            f"Received: indices_or_sections={indices_or_sections!r}."
        )
    if indices_or_sections <= 0:
        raise ValueError(
            "array_split: `indices_or_sections` must be a positive integer. "
            f"Received: indices_or_sections={indices_or_sections}."
        )
    if not isinstance(axis, int):
        raise TypeError(f"array_split: `axis` must be a Python int. Received: axis={axis!r}.")
    return _array_split(x, indices_or_sections, axis=axis)


@with_spec(_split_spec(0, uneven=True, op="array_split"))
def _array_split(x, indices_or_sections, axis=0):
    return jnp.array_split(convert_to_tensor(x), indices_or_sections, axis=axis)


def _axis_split(jnp_fn, name, axis, min_ndim, summary, example):
    @with_spec(_split_spec(axis, min_ndim=min_ndim, op=name))
    def fn(x, indices_or_sections):
        return jnp_fn(convert_to_tensor(x), _sections(indices_or_sections))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (
        f"Split ``x`` {summary}: into that many equal parts (an int) or at the given "
        f"indices (a list); returns a list.\n\n    >>> {example}\n"
    )
    return fn


vsplit = _axis_split(
    jnp.vsplit,
    "vsplit",
    0,
    2,
    "along axis 0 (rows)",
    "[p.shape for p in vsplit(jnp.zeros((4, 2)), [1])]\n    [(1, 2), (3, 2)]",
)
hsplit = _axis_split(
    jnp.hsplit,
    "hsplit",
    1,
    1,
    "along axis 1 (axis 0 for 1-D arrays)",
    "[p.shape for p in hsplit(jnp.zeros((2, 4)), 2)]\n    [(2, 2), (2, 2)]",
)
dsplit = _axis_split(
    jnp.dsplit,
    "dsplit",
    2,
    3,
    "along axis 2 (depth; needs at least 3 dimensions)",
    "[p.shape for p in dsplit(jnp.zeros((1, 2, 4)), 2)]\n    [(1, 2, 2), (1, 2, 2)]",
)


def _stacker(jnp_fn, name, summary, example):
    @symbolic_aware
    def fn(xs):
        return jnp_fn(to_tensor(list(xs)))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"Join a sequence of arrays {summary}.\n\n    >>> {example}\n"
    return fn


vstack = _stacker(
    jnp.vstack,
    "vstack",
    "row-wise (along axis 0, 1-D arrays becoming rows)",
    "vstack([jnp.array([1, 2]), jnp.array([3, 4])]).tolist()\n    [[1, 2], [3, 4]]",
)
hstack = _stacker(
    jnp.hstack,
    "hstack",
    "column-wise (along axis 1, or axis 0 for 1-D arrays)",
    "hstack([jnp.array([1, 2]), jnp.array([3])]).tolist()\n    [1, 2, 3]",
)
dstack = _stacker(
    jnp.dstack,
    "dstack",
    "depth-wise (along axis 2, promoting inputs to 3-D)",
    "dstack([jnp.array([1, 2]), jnp.array([3, 4])]).shape\n    (1, 2, 2)",
)


@symbolic_aware
def fliplr(x):
    """Reverse the columns (axis 1); needs at least 2 dimensions.

    >>> fliplr(jnp.array([[1, 2], [3, 4]])).tolist()
    [[2, 1], [4, 3]]
    """
    return jnp.fliplr(convert_to_tensor(x))


@symbolic_aware
def flipud(x):
    """Reverse the rows (axis 0).

    >>> flipud(jnp.array([[1, 2], [3, 4]])).tolist()
    [[3, 4], [1, 2]]
    """
    return jnp.flipud(convert_to_tensor(x))


@symbolic_aware
def rot90(array, k=1, axes=(0, 1)):
    """Rotate by ``k`` quarter turns counter-clockwise in the plane of ``axes``.

    >>> rot90(jnp.array([[1, 2], [3, 4]])).tolist()
    [[2, 4], [1, 3]]
    """
    array = convert_to_tensor(array)
    if array.ndim < 2:
        raise ValueError(
            f"rot90 needs an array of at least 2 dimensions. Received: array.ndim={array.ndim}."
        )
    axes = tuple(axes)
    if len(axes) != 2 or axes[0] % array.ndim == axes[1] % array.ndim:
        raise ValueError(
            f"rot90: `axes` must name two different axes. Received: axes={axes}. "
            "Fix: e.g. axes=(0, 1)."
        )
    return jnp.rot90(array, k=k, axes=axes)


@symbolic_aware
def ravel(x):
    """``x`` flattened to 1-D.

    >>> ravel(jnp.array([[1, 2], [3, 4]])).tolist()
    [1, 2, 3, 4]
    """
    return jnp.ravel(convert_to_tensor(x))


@symbolic_aware
def diff(a, n=1, axis=-1):
    """The ``n``-th discrete difference ``a[i + 1] - a[i]`` along ``axis``.

    >>> diff(jnp.array([1, 4, 9, 16])).tolist()
    [3, 5, 7]
    """
    return jnp.diff(convert_to_tensor(a), n=n, axis=axis)


@symbolic_aware
def get_item(x, key):
    """``x[key]`` (ints, slices, ``None``, ``...`` or index arrays).

    >>> get_item(jnp.array([[1, 2], [3, 4]]), (slice(None), 1)).tolist()
    [2, 4]
    """
    return convert_to_tensor(x)[key]


@symbolic_aware
def meshgrid(*x, indexing="xy"):
    """Coordinate grids from 1-D coordinate vectors (``"xy"`` Cartesian or ``"ij"`` matrix
    indexing); returns a list with one grid per input.

    >>> [g.shape for g in meshgrid(jnp.arange(3), jnp.arange(2))]
    [(2, 3), (2, 3)]
    """
    return jnp.meshgrid(*to_tensor(x), indexing=indexing)


def ndim(x):
    """The number of dimensions of ``x`` (a Python int, also for KerasTensors).

    >>> ndim(jnp.zeros((2, 3)))
    2
    """
    if isinstance(x, KerasTensor):
        return len(x.shape)
    return jnp.ndim(convert_to_tensor(x))


@with_spec(lambda x: KerasTensor((), "int32"))
def _size(x):
    return jnp.asarray(jnp.size(x), "int32")


def size(x):
    """The number of elements of ``x``: a Python int for arrays, and for KerasTensors a
    Python int when the shape is fully known, else a symbolic int32 scalar.

    >>> size(jnp.zeros((2, 3)))
    6
    """
    if isinstance(x, KerasTensor):
        if None in x.shape:
            return _size(x)
        return math.prod(x.shape)
    return jnp.size(convert_to_tensor(x))


@symbolic_aware
def view(x, dtype=None):
    """The bits of ``x`` reinterpreted as ``dtype`` (a wider/narrower dtype changes the
    length of the last axis).

    >>> view(jnp.array([1.0], "float32"), "int32").tolist()
    [1065353216]
    """
    x = convert_to_tensor(x)
    if dtype is None:
        return x
    return x.view(standardize_dtype(dtype))
