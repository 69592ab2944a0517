"""``conv_general_dilated`` whose filter gradient may be computed with matmuls (CPU).

XLA's CPU backend computes the filter gradient of a convolution (its "backprop filter"
convolution) fast for some shapes and very slowly for others: 6x slower than matmuls
for a ``3x3, 64 -> 64`` convolution on 24x24 inputs, 20x for grouped convolutions, on the
2-core development machine (``benchmarks/README.md``). This module keeps the forward
pass on ``lax.conv_general_dilated`` (the same numbers as the plain op) and changes only
how derivatives are formed:

* a ``jax.custom_jvp`` whose tangent is ``conv(d_lhs, rhs)`` (the plain convolution,
  whose transpose, the input gradient, XLA computes well) plus, for the kernel,
  ``shifted_matmul_conv(lhs, d_rhs)``: ``sum_k slice_k(lhs) @ d_rhs[k]`` over the kernel
  offsets ``k``. Reverse mode transposes that tangent, so the filter gradient becomes one
  matmul per kernel offset, with no hand-written backward pass;
* the tangent is ordinary JAX code, so forward mode (``jax.jvp``, ``jacfwd``), reverse
  mode and any mix of them (``jax.hessian``, grad of grad) work, to any order;
* symbolic-zero tangents are skipped: an input that is not differentiated (the data fed to
  the first layer) costs nothing extra, and inference never reaches the rule.

Which filter gradient is used is decided when the kernel is first differentiated: with
the default ``"auto"`` mode, by ``conv_autotune.fast_backward_wins`` (on CPU only,
measured once per convolution shape); ``fast_backward=True/False`` or
:func:`fast_backward_scope` force it. Both are exact to float32 rounding.

>>> import numpy as np
>>> x = np.ones((1, 5, 5, 2), "float32"); w = np.ones((3, 3, 2, 4), "float32")
>>> dn = ("NHWC", "HWIO", "NHWC")
>>> y = conv_general_dilated(x, w, (1, 1), "VALID", dimension_numbers=dn, fast_backward=True)
>>> y.shape, float(y[0, 0, 0, 0])
((1, 3, 3, 4), 18.0)
"""

import contextlib
import contextvars
import functools
import operator

import jax
import jax.numpy as jnp
from jax.custom_derivatives import SymbolicZero

from lamina.layers.convolutional.conv_autotune import fast_backward_wins
from lamina.layers.convolutional.shifted_conv import make_spec, plain_conv, shifted_matmul_conv

_MODES = ("auto", True, False)
_MODE = contextvars.ContextVar("lamina_fast_conv_backward", default="auto")


@contextlib.contextmanager
def fast_backward_scope(mode):
    """Within the block, convolutions that do not choose use ``mode`` (``"auto"``, True,
    False). The choice is made when a function is traced, so wrap the first call of a
    jitted function (or ``fit``), not later ones.

    >>> with fast_backward_scope(False):
    ...     get_fast_backward()
    False
    """
    if mode not in _MODES or (mode != "auto" and not isinstance(mode, bool)):
        raise ValueError(
            f"fast_backward_scope: mode must be 'auto', True or False, received {mode!r}."
        )
    token = _MODE.set(mode)
    try:
        yield
    finally:
        _MODE.reset(token)


def get_fast_backward():
    """The mode set by the innermost :func:`fast_backward_scope` (default ``"auto"``).

    >>> get_fast_backward()
    'auto'
    """
    return _MODE.get()


def conv_general_dilated(lhs, rhs, window_strides, padding, lhs_dilation=None,
                         rhs_dilation=None, dimension_numbers=None, feature_group_count=1,
                         *, fast_backward=None):
    """``lax.conv_general_dilated`` whose filter gradient may be computed with matmuls.

    Args:
        lhs, rhs, window_strides, padding, lhs_dilation, rhs_dilation, dimension_numbers,
            feature_group_count: as in ``jax.lax.conv_general_dilated`` (``padding`` is
            ``"VALID"``, ``"SAME"``, ``"SAME_LOWER"`` or ``(low, high)`` pairs).
        fast_backward: ``"auto"`` (on CPU, use the matmul filter gradient where
            ``fast_backward_wins`` measures it faster; elsewhere the plain op), ``True``
            (always), ``False`` (never: exactly ``lax.conv_general_dilated``), or None
            (default: the mode of the enclosing :func:`fast_backward_scope`, ``"auto"``
            outside any).

    The forward values are the plain convolution's in every case.

    >>> import numpy as np
    >>> x = np.arange(6.0, dtype="float32").reshape(1, 6, 1)
    >>> w = np.ones((2, 1, 1), "float32")
    >>> conv_general_dilated(x, w, (2,), "VALID", dimension_numbers=("NWC", "WIO", "NWC"),
    ...                      fast_backward=True)[0, :, 0].tolist()
    [1.0, 5.0, 9.0]
    """
    lhs, rhs = jnp.asarray(lhs), jnp.asarray(rhs)
    spec = make_spec(lhs.shape, rhs.shape, window_strides, padding, lhs_dilation,
                     rhs_dilation, dimension_numbers, feature_group_count)
    if fast_backward is None:
        fast_backward = _MODE.get()
    if isinstance(fast_backward, str) and fast_backward == "auto":
        if jax.default_backend() != "cpu":
            return plain_conv(lhs, rhs, spec)
        return _conv_custom_grad(lhs, rhs, spec, "auto")
    if not isinstance(fast_backward, bool):
        raise ValueError(
            "conv_general_dilated: fast_backward must be 'auto', True or False, received "
            f"{fast_backward!r}."
        )
    if fast_backward:
        return _conv_custom_grad(lhs, rhs, spec, True)
    return plain_conv(lhs, rhs, spec)


@functools.partial(jax.custom_jvp, nondiff_argnums=(2, 3))
def _conv_custom_grad(lhs, rhs, spec, choice):
    return plain_conv(lhs, rhs, spec)


def _conv_custom_grad_jvp(spec, choice, primals, tangents):
    lhs, rhs = primals
    d_lhs, d_rhs = tangents
    out = _conv_custom_grad(lhs, rhs, spec, choice)
    terms = []
    if not isinstance(d_lhs, SymbolicZero):
        terms.append(plain_conv(d_lhs, rhs, spec))
    if not isinstance(d_rhs, SymbolicZero):
        matmuls = choice is True or fast_backward_wins(spec, lhs.shape, rhs.shape, lhs.dtype)
        kernel_term = shifted_matmul_conv if matmuls else plain_conv
        terms.append(kernel_term(lhs, d_rhs, spec))
    if not terms:
        return out, jnp.zeros_like(out)
    return out, functools.reduce(operator.add, terms)


_conv_custom_grad.defjvp(_conv_custom_grad_jvp, symbolic_zeros=True)
