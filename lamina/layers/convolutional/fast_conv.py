"""``conv_general_dilated`` with a filter gradient written as matmuls (fast on CPU).

XLA's CPU backend computes the filter gradient of a convolution (the "backprop filter"
convolution) slowly: for a 3x3 conv, 32 -> 64 channels, batch 128 of 26x26 it takes
several times longer than the same sum written as nine matrix products over shifted
input slices. This module keeps the forward pass on ``lax.conv_general_dilated`` (same
numbers as the plain op) and changes only how derivatives are formed:

* a ``jax.custom_jvp`` whose tangent is ``conv(d_lhs, rhs)`` (plain XLA convolution,
  whose transpose, the input gradient, is fast) plus ``shifted_matmul_conv(lhs, d_rhs)``:
  ``sum_k slice_k(lhs) @ d_rhs[k]`` over the kernel offsets ``k``. Reverse mode transposes
  that tangent, so the filter gradient becomes ``sum_k slice_k(lhs)^T @ cotangent``, one
  matmul per kernel offset, with no hand-written backward pass;
* the tangent is ordinary JAX code, so forward mode (``jax.jvp``, ``jacfwd``), reverse mode
  and any mix of them (``jax.hessian``, grad of grad) work, to any order;
* symbolic-zero tangents are skipped, so an input that is not differentiated (the data
  fed to the first layer) costs nothing extra.

The fast form is used only where it wins: on the CPU backend, for the configurations
that :func:`fast_backward_wins` accepts (see its docstring for the measurements behind
it). Elsewhere :func:`conv_general_dilated` is exactly ``lax.conv_general_dilated``.

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
import itertools
import operator
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax
from jax.custom_derivatives import SymbolicZero


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
    """The mode set by the innermost :func:`fast_backward_scope` (default ``"auto"``)."""
    return _MODE.get()


class ConvSpec(NamedTuple):
    """Static (hashable) description of one convolution, explicit padding included."""

    window_strides: tuple
    padding: tuple  # ((low, high), ...) per spatial axis
    lhs_dilation: tuple
    rhs_dilation: tuple
    dimension_numbers: lax.ConvDimensionNumbers
    feature_group_count: int


def conv_general_dilated(lhs, rhs, window_strides, padding, lhs_dilation=None,
                         rhs_dilation=None, dimension_numbers=None, feature_group_count=1,
                         *, fast_backward=None):
    """``lax.conv_general_dilated`` whose filter gradient may be computed with matmuls.

    Args:
        lhs, rhs, window_strides, padding, lhs_dilation, rhs_dilation, dimension_numbers,
            feature_group_count: as in ``jax.lax.conv_general_dilated`` (``padding`` is
            ``"VALID"``, ``"SAME"``, ``"SAME_LOWER"`` or ``(low, high)`` pairs).
        fast_backward: ``"auto"`` (use the matmul filter gradient where
            :func:`fast_backward_wins` says it is faster), ``True`` (always), ``False``
            (never: exactly ``lax.conv_general_dilated``), or None (default: the mode of
            the enclosing :func:`fast_backward_scope`, ``"auto"`` outside any).

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
        fast_backward = fast_backward_wins(spec, lhs.shape, rhs.shape)
    elif not isinstance(fast_backward, bool):
        raise ValueError(
            "conv_general_dilated: fast_backward must be 'auto', True or False, received "
            f"{fast_backward!r}."
        )
    if fast_backward:
        return _conv_fast_grad(lhs, rhs, spec)
    return plain_conv(lhs, rhs, spec)


def make_spec(lhs_shape, rhs_shape, window_strides, padding, lhs_dilation=None,
              rhs_dilation=None, dimension_numbers=None, feature_group_count=1) -> ConvSpec:
    """Normalize ``lax.conv_general_dilated`` arguments into a :class:`ConvSpec`.

    >>> make_spec((1, 8, 3), (3, 3, 4), (1,), "SAME",
    ...           dimension_numbers=("NWC", "WIO", "NWC")).padding
    ((1, 1),)
    """
    nd = len(lhs_shape) - 2
    dn = lax.conv_dimension_numbers(tuple(lhs_shape), tuple(rhs_shape), dimension_numbers)
    strides = tuple(int(s) for s in window_strides)
    lhs_dil = tuple(int(d) for d in lhs_dilation) if lhs_dilation is not None else (1,) * nd
    rhs_dil = tuple(int(d) for d in rhs_dilation) if rhs_dilation is not None else (1,) * nd
    if isinstance(padding, str):
        in_sizes = [lhs_shape[a] for a in dn.lhs_spec[2:]]
        in_sizes = [(n - 1) * d + 1 if n > 0 else 0 for n, d in zip(in_sizes, lhs_dil)]
        window = [(rhs_shape[a] - 1) * d + 1 for a, d in zip(dn.rhs_spec[2:], rhs_dil)]
        pads = lax.padtype_to_pads(in_sizes, window, strides, padding)
    else:
        pads = padding
    pads = tuple((int(lo), int(hi)) for lo, hi in pads)
    return ConvSpec(strides, pads, lhs_dil, rhs_dil, dn, int(feature_group_count))


def plain_conv(lhs, rhs, spec: ConvSpec):
    """The convolution described by ``spec``, with XLA's own derivatives."""
    return lax.conv_general_dilated(
        lhs, rhs, spec.window_strides, spec.padding, spec.lhs_dilation, spec.rhs_dilation,
        spec.dimension_numbers, spec.feature_group_count,
    )


def shifted_matmul_conv(lhs, rhs, spec: ConvSpec):
    """The same convolution as ``plain_conv``, written as one matmul per kernel offset.

    ``out = sum_k slice_k(padded lhs) @ rhs[k]``. Linear in ``rhs``: its transpose with
    respect to ``rhs`` (what reverse mode derives) is the matmul filter gradient.

    >>> import numpy as np
    >>> x = np.random.default_rng(0).normal(size=(2, 7, 3)).astype("float32")
    >>> w = np.random.default_rng(1).normal(size=(3, 3, 4)).astype("float32")
    >>> spec = make_spec(x.shape, w.shape, (2,), "SAME",
    ...                  dimension_numbers=("NWC", "WIO", "NWC"))
    >>> bool(np.allclose(shifted_matmul_conv(x, w, spec), plain_conv(x, w, spec), atol=1e-5))
    True
    """
    dn = spec.dimension_numbers
    nd = len(spec.window_strides)
    # Channels-last views: lhs (N, spatial..., C), rhs (spatial..., C / groups, O).
    x = jnp.transpose(lhs, (dn.lhs_spec[0], *dn.lhs_spec[2:], dn.lhs_spec[1]))
    w = jnp.transpose(rhs, (*dn.rhs_spec[2:], dn.rhs_spec[1], dn.rhs_spec[0]))
    zero = jnp.zeros((), x.dtype)
    config = [(0, 0, 0)]
    for (lo, hi), dil in zip(spec.padding, spec.lhs_dilation):
        config.append((lo, hi, dil - 1))
    x = lax.pad(x, zero, (*config, (0, 0, 0)))
    kernel_size = w.shape[:nd]
    out_sizes = []
    for size, k, s, d in zip(x.shape[1:-1], kernel_size, spec.window_strides,
                             spec.rhs_dilation):
        out_sizes.append(max(0, (size - (k - 1) * d - 1) // s + 1))
    groups = spec.feature_group_count
    channels, out_channels = x.shape[-1], w.shape[-1]
    terms = []
    for offset in itertools.product(*(range(k) for k in kernel_size)):
        start = [0] + [o * d for o, d in zip(offset, spec.rhs_dilation)] + [0]
        limit = [x.shape[0]]
        for st, n, s in zip(start[1:-1], out_sizes, spec.window_strides):
            limit.append(st + (n - 1) * s + 1 if n > 0 else st)
        limit.append(channels)
        piece = lax.slice(x, start, limit, (1, *spec.window_strides, 1))
        kernel = w[offset]
        if groups == 1:
            terms.append(lax.dot_general(piece, kernel, (((nd + 1,), (0,)), ((), ()))))
        else:
            piece = piece.reshape(*piece.shape[:-1], groups, channels // groups)
            kernel = kernel.reshape(channels // groups, groups, out_channels // groups)
            # batch over groups: (G, N, spatial..., O / G)
            term = lax.dot_general(piece, kernel, (((nd + 2,), (0,)), ((nd + 1,), (1,))))
            term = jnp.moveaxis(term, 0, -2)
            terms.append(term.reshape(*term.shape[:-2], out_channels))
    out = functools.reduce(operator.add, terms)
    # Back to the requested output layout.
    order = (dn.out_spec[0], dn.out_spec[1], *dn.out_spec[2:])
    current = (0, nd + 1, *range(1, nd + 1))  # axes of `out` in (N, C, spatial...) order
    perm = [0] * (nd + 2)
    for logical, axis in zip(order, current):
        perm[logical] = axis
    return jnp.transpose(out, perm)


@functools.partial(jax.custom_jvp, nondiff_argnums=(2,))
def _conv_fast_grad(lhs, rhs, spec):
    return plain_conv(lhs, rhs, spec)


def _conv_fast_grad_jvp(spec, primals, tangents):
    lhs, rhs = primals
    d_lhs, d_rhs = tangents
    out = _conv_fast_grad(lhs, rhs, spec)
    terms = []
    if not isinstance(d_lhs, SymbolicZero):
        terms.append(plain_conv(d_lhs, rhs, spec))
    if not isinstance(d_rhs, SymbolicZero):
        terms.append(shifted_matmul_conv(lhs, d_rhs, spec))
    if not terms:
        return out, jnp.zeros_like(out)
    return out, functools.reduce(operator.add, terms)


_conv_fast_grad.defjvp(_conv_fast_grad_jvp, symbolic_zeros=True)


def fast_backward_wins(spec: ConvSpec, lhs_shape, rhs_shape) -> bool:
    """Whether the matmul filter gradient is expected to beat XLA's on this backend.

    Only the CPU backend is accelerated (GPU/TPU convolution kernels are fast). On CPU
    the rule follows ``benchmarks/conv_step.py``: the matmul form wins for ordinary and
    grouped convolutions with more than one kernel offset; a 1x1 kernel is already a
    single matmul for XLA, and transposed convolutions (``lhs_dilation > 1``) would
    multiply zeros, so both keep XLA's gradient.

    >>> spec = make_spec((8, 26, 26, 32), (3, 3, 32, 64), (1, 1), "VALID",
    ...                  dimension_numbers=("NHWC", "HWIO", "NHWC"))
    >>> fast_backward_wins(spec, (8, 26, 26, 32), (3, 3, 32, 64)) == (
    ...     jax.default_backend() == "cpu")
    True
    """
    if jax.default_backend() != "cpu":
        return False
    if any(d != 1 for d in spec.lhs_dilation):
        return False
    dn = spec.dimension_numbers
    kernel_offsets = int(np.prod([rhs_shape[a] for a in dn.rhs_spec[2:]]))
    return kernel_offsets > 1
