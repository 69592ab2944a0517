"""NumPy-style ops: run eagerly on arrays, record graph nodes on KerasTensors.

Elementwise ops keep the mask of their inputs in a functional graph; every other op
refuses a masked symbolic input with ``MaskNotSupportedError`` (see ``Operation``).

>>> import numpy as np
>>> add(np.ones(2), 1.0).tolist()
[2.0, 2.0]
"""

import jax
import jax.numpy as jnp

from lamina.core.convert import convert_to_tensor, standardize_dtype
from lamina.ops.dispatch import symbolic_aware
from lamina.ops.numpy_array import *  # noqa: F401,F403
from lamina.ops.numpy_bitwise import *  # noqa: F401,F403
from lamina.ops.numpy_create import *  # noqa: F401,F403
from lamina.ops.numpy_math import *  # noqa: F401,F403
from lamina.ops.numpy_matrix import *  # noqa: F401,F403
from lamina.ops.numpy_reduce import *  # noqa: F401,F403
from lamina.ops.numpy_search import *  # noqa: F401,F403
from lamina.ops.numpy_stats import *  # noqa: F401,F403
from lamina.utils import tree


def _t(x):
    return tree.map_structure(lambda v: v if v is None else convert_to_tensor(v), x)


def _elementwise(jnp_fn, name, doc):
    @symbolic_aware(keeps_mask=True)
    def fn(*args, **kwargs):
        return jnp_fn(*_t(args), **kwargs)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (
        f"{doc} (elementwise; keeps masks). Same semantics as ``jax.numpy.{jnp_fn.__name__}``."
    )
    return fn


_ELEMENTWISE = {
    "add": (jnp.add, "x1 + x2"),
    "subtract": (jnp.subtract, "x1 - x2"),
    "multiply": (jnp.multiply, "x1 * x2"),
    "divide": (jnp.divide, "x1 / x2"),
    "true_divide": (jnp.true_divide, "x1 / x2"),
    "floor_divide": (jnp.floor_divide, "x1 // x2"),
    "mod": (jnp.mod, "x1 % x2"),
    "power": (jnp.power, "x1 ** x2"),
    "maximum": (jnp.maximum, "Elementwise maximum"),
    "minimum": (jnp.minimum, "Elementwise minimum"),
    "negative": (jnp.negative, "-x"),
    "abs": (jnp.abs, "|x|"),
    "absolute": (jnp.abs, "|x|"),
    "sign": (jnp.sign, "Sign of x"),
    "exp": (jnp.exp, "e**x"),
    "log": (jnp.log, "Natural log"),
    "log1p": (jnp.log1p, "log(1 + x)"),
    "expm1": (jnp.expm1, "e**x - 1"),
    "sqrt": (jnp.sqrt, "Square root"),
    "square": (jnp.square, "x**2"),
    "rsqrt": (jax.lax.rsqrt, "1 / sqrt(x)"),
    "reciprocal": (jnp.reciprocal, "1 / x"),
    "sin": (jnp.sin, "Sine"),
    "cos": (jnp.cos, "Cosine"),
    "tan": (jnp.tan, "Tangent"),
    "floor": (jnp.floor, "Floor"),
    "ceil": (jnp.ceil, "Ceiling"),
    "round": (jnp.round, "Round"),
    "clip": (jnp.clip, "Clip to [x_min, x_max]"),
    "equal": (jnp.equal, "x1 == x2"),
    "not_equal": (jnp.not_equal, "x1 != x2"),
    "less": (jnp.less, "x1 < x2"),
    "less_equal": (jnp.less_equal, "x1 <= x2"),
    "greater": (jnp.greater, "x1 > x2"),
    "greater_equal": (jnp.greater_equal, "x1 >= x2"),
    "logical_and": (jnp.logical_and, "x1 and x2"),
    "logical_or": (jnp.logical_or, "x1 or x2"),
    "logical_not": (jnp.logical_not, "not x"),
    "logical_xor": (jnp.logical_xor, "x1 xor x2"),
    "isnan": (jnp.isnan, "x is NaN"),
    "isinf": (jnp.isinf, "x is infinite"),
    "isfinite": (jnp.isfinite, "x is finite"),
    "where": (jnp.where, "Select x1 where condition else x2"),
    "nan_to_num": (jnp.nan_to_num, "Replace NaN/Inf by numbers"),
    "bitwise_and": (jnp.bitwise_and, "x1 & x2"),
    "bitwise_or": (jnp.bitwise_or, "x1 | x2"),
    "bitwise_xor": (jnp.bitwise_xor, "x1 ^ x2"),
    "bitwise_invert": (jnp.invert, "~x"),
    "copy": (jnp.copy, "A copy of x"),
    "zeros_like": (jnp.zeros_like, "Zeros shaped like x"),
    "ones_like": (jnp.ones_like, "Ones shaped like x"),
    "full_like": (jnp.full_like, "Filled like x"),
    "erf": (jax.scipy.special.erf, "Error function"),
    "arctan": (jnp.arctan, "Arctangent"),
    "arctan2": (jnp.arctan2, "Two-argument arctangent"),
    "arcsin": (jnp.arcsin, "Arcsine"),
    "arccos": (jnp.arccos, "Arccosine"),
    "sinh": (jnp.sinh, "Hyperbolic sine"),
    "cosh": (jnp.cosh, "Hyperbolic cosine"),
    "tanh": (jnp.tanh, "Hyperbolic tangent"),
    "log2": (jnp.log2, "Base-2 log"),
    "log10": (jnp.log10, "Base-10 log"),
    "logaddexp": (jnp.logaddexp, "log(exp(x1) + exp(x2))"),
    "real": (jnp.real, "Real part"),
}
for _name, (_fn, _doc) in _ELEMENTWISE.items():
    globals()[_name] = _elementwise(_fn, _name, _doc)


@symbolic_aware(keeps_mask=True)
def cast(x, dtype):
    """``x`` converted to ``dtype`` (keeps masks)."""
    return convert_to_tensor(x).astype(standardize_dtype(dtype))


@symbolic_aware
def matmul(x1, x2):
    """Matrix product (``jnp.matmul``)."""
    return jnp.matmul(*_t((x1, x2)))


@symbolic_aware
def dot(x1, x2):
    """Dot product (``jnp.dot``)."""
    return jnp.dot(*_t((x1, x2)))


@symbolic_aware
def tensordot(x1, x2, axes=2):
    """Tensor contraction over ``axes``."""
    return jnp.tensordot(*_t((x1, x2)), axes=axes)


@symbolic_aware
def einsum(subscripts, *operands):
    """Einstein summation (``jnp.einsum``)."""
    return jnp.einsum(subscripts, *_t(operands))


@symbolic_aware
def reshape(x, newshape):
    """``x`` with shape ``newshape`` (one entry may be -1)."""
    return jnp.reshape(_t(x), newshape)


@symbolic_aware
def transpose(x, axes=None):
    """Permute the axes of ``x``."""
    return jnp.transpose(_t(x), axes)


@symbolic_aware
def swapaxes(x, axis1, axis2):
    """Swap two axes."""
    return jnp.swapaxes(_t(x), axis1, axis2)


@symbolic_aware
def moveaxis(x, source, destination):
    """Move axes to new positions."""
    return jnp.moveaxis(_t(x), source, destination)


@symbolic_aware
def expand_dims(x, axis):
    """Insert a size-1 axis."""
    return jnp.expand_dims(_t(x), axis)


@symbolic_aware
def squeeze(x, axis=None):
    """Remove size-1 axes."""
    return jnp.squeeze(_t(x), axis)


@symbolic_aware
def concatenate(xs, axis=0):
    """Join arrays along an existing axis."""
    return jnp.concatenate(_t(list(xs)), axis=axis)


@symbolic_aware
def stack(xs, axis=0):
    """Join arrays along a new axis."""
    return jnp.stack(_t(list(xs)), axis=axis)


@symbolic_aware
def unstack(x, num=None, axis=0):
    """Split ``x`` along ``axis`` into a list of arrays."""
    x = _t(x)
    return [jnp.take(x, i, axis=axis) for i in range(x.shape[axis])]


@symbolic_aware
def split(x, indices_or_sections, axis=0):
    """Split into sub-arrays."""
    return jnp.split(_t(x), indices_or_sections, axis=axis)


@symbolic_aware
def tile(x, repeats):
    """Repeat the whole array."""
    return jnp.tile(_t(x), repeats)


@symbolic_aware
def repeat(x, repeats, axis=None):
    """Repeat elements."""
    return jnp.repeat(_t(x), repeats, axis=axis)


@symbolic_aware
def broadcast_to(x, shape):
    """Broadcast to ``shape``."""
    return jnp.broadcast_to(_t(x), shape)


def _reduction(jnp_fn, name):
    @symbolic_aware
    def fn(x, axis=None, keepdims=False):
        return jnp_fn(_t(x), axis=axis, keepdims=keepdims)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"Reduce with ``jnp.{jnp_fn.__name__}`` over ``axis``."
    return fn


for _name, _fn in {
    "sum": jnp.sum,
    "mean": jnp.mean,
    "max": jnp.max,
    "min": jnp.min,
    "prod": jnp.prod,
    "std": jnp.std,
    "var": jnp.var,
    "all": jnp.all,
    "any": jnp.any,
    "amax": jnp.max,
    "amin": jnp.min,
}.items():
    globals()[_name] = _reduction(_fn, _name)


@symbolic_aware
def logsumexp(x, axis=None, keepdims=False):
    """``log(sum(exp(x)))`` computed stably."""
    return jax.nn.logsumexp(_t(x), axis=axis, keepdims=keepdims)


@symbolic_aware
def argmax(x, axis=None, keepdims=False):
    """Index of the maximum."""
    return jnp.argmax(_t(x), axis=axis, keepdims=keepdims)


@symbolic_aware
def argmin(x, axis=None, keepdims=False):
    """Index of the minimum."""
    return jnp.argmin(_t(x), axis=axis, keepdims=keepdims)


@symbolic_aware
def argsort(x, axis=-1):
    """Indices that sort ``x``."""
    return jnp.argsort(_t(x), axis=axis)


@symbolic_aware
def sort(x, axis=-1):
    """Sorted copy."""
    return jnp.sort(_t(x), axis=axis)


@symbolic_aware
def cumsum(x, axis=None):
    """Cumulative sum."""
    return jnp.cumsum(_t(x), axis=axis)


@symbolic_aware
def take(x, indices, axis=None):
    """Gather entries by index."""
    return jnp.take(_t(x), _t(indices), axis=axis)


@symbolic_aware
def take_along_axis(x, indices, axis=None):
    """Gather along an axis with an index array."""
    return jnp.take_along_axis(_t(x), _t(indices), axis=axis)


@symbolic_aware
def pad(x, pad_width, mode="constant", constant_values=0):
    """Pad an array."""
    if mode == "constant":
        return jnp.pad(_t(x), pad_width, mode=mode, constant_values=constant_values)
    return jnp.pad(_t(x), pad_width, mode=mode)


@symbolic_aware
def flip(x, axis=None):
    """Reverse along ``axis``."""
    return jnp.flip(_t(x), axis=axis)


@symbolic_aware
def roll(x, shift, axis=None):
    """Roll elements."""
    return jnp.roll(_t(x), shift, axis=axis)


@symbolic_aware
def linalg_norm(x, ord=None, axis=None, keepdims=False):
    """Vector or matrix norm."""
    return jnp.linalg.norm(_t(x), ord=ord, axis=axis, keepdims=keepdims)


@symbolic_aware
def triu(x, k=0):
    """Upper triangle."""
    return jnp.triu(_t(x), k)


@symbolic_aware
def tril(x, k=0):
    """Lower triangle."""
    return jnp.tril(_t(x), k)


@symbolic_aware
def outer(x1, x2):
    """Outer product."""
    return jnp.outer(*_t((x1, x2)))


def zeros(shape, dtype=None):
    """An array of zeros (``dtype`` defaults to floatx)."""
    return jnp.zeros(shape, dtype=standardize_dtype(dtype))


def ones(shape, dtype=None):
    """An array of ones (``dtype`` defaults to floatx)."""
    return jnp.ones(shape, dtype=standardize_dtype(dtype))


def full(shape, fill_value, dtype=None):
    """An array filled with ``fill_value``."""
    return jnp.full(shape, fill_value, dtype=None if dtype is None else standardize_dtype(dtype))


def eye(n, m=None, k=0, dtype=None):
    """Identity-like matrix."""
    return jnp.eye(n, m, k, dtype=standardize_dtype(dtype))


def arange(start, stop=None, step=1, dtype=None):
    """Evenly spaced values."""
    return jnp.arange(start, stop, step, dtype=dtype and standardize_dtype(dtype))


def array(x, dtype=None):
    """A jax array from ``x``."""
    return convert_to_tensor(x, dtype=dtype)
