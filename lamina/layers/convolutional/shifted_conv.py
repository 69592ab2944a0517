"""The math of ``fast_conv``: a convolution spec, the plain op, and the same op as matmuls.

``shifted_matmul_conv`` computes ``lax.conv_general_dilated`` as one matrix product per
kernel offset over shifted (strided) slices of the padded input. It is linear in the
kernel, and its transpose with respect to the kernel is the matmul filter gradient.

>>> import numpy as np
>>> x = np.ones((1, 5, 2), "float32"); w = np.ones((3, 2, 4), "float32")
>>> spec = make_spec(x.shape, w.shape, (1,), "VALID", dimension_numbers=("NWC", "WIO", "NWC"))
>>> shifted_matmul_conv(x, w, spec).shape
(1, 3, 4)
"""

import itertools
from typing import NamedTuple

import jax.numpy as jnp
import numpy as np
from jax import lax


class ConvSpec(NamedTuple):
    """Static (hashable) description of one convolution, explicit padding included.

    >>> spec = make_spec((1, 6, 1), (3, 1, 1), (2,), "VALID",
    ...                  dimension_numbers=("NWC", "WIO", "NWC"))
    >>> spec.window_strides, spec.padding, hash(spec) == hash(spec)
    ((2,), ((0, 0),), True)
    """

    window_strides: tuple
    padding: tuple  # ((low, high), ...) per spatial axis
    lhs_dilation: tuple
    rhs_dilation: tuple
    dimension_numbers: lax.ConvDimensionNumbers
    feature_group_count: int


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
    """The convolution described by ``spec``, with XLA's own derivatives.

    >>> import numpy as np
    >>> spec = make_spec((1, 4, 1), (2, 1, 1), (1,), "VALID",
    ...                  dimension_numbers=("NWC", "WIO", "NWC"))
    >>> plain_conv(np.ones((1, 4, 1), "float32"), np.ones((2, 1, 1), "float32"),
    ...            spec)[0, :, 0].tolist()
    [2.0, 2.0, 2.0]
    """
    return lax.conv_general_dilated(
        lhs, rhs, spec.window_strides, spec.padding, spec.lhs_dilation, spec.rhs_dilation,
        spec.dimension_numbers, spec.feature_group_count,
    )


def shifted_matmul_conv(lhs, rhs, spec: ConvSpec):
    """The same convolution as ``plain_conv``, written as one matmul per kernel offset.

    ``out = sum_k slice_k(padded lhs) @ rhs[k]``, each slice flattened to a
    ``(batch * output positions, channels)`` matrix. Linear in ``rhs``: its transpose with
    respect to ``rhs`` (what reverse mode derives) is the matmul filter gradient
    ``d_rhs[k] = (cotangent^T @ slice_k)^T``.

    The products are written ``(out_channels, C) x (rows, C)^T -> (out_channels, rows)``
    with ``optimization_barrier`` around the kernel and the sum, so that after
    transposition XLA sees standard ``(O, rows) @ (rows, C)`` matmuls (the cotangent
    transposed once) instead of folding the transposes into slow ``A^T @ B`` contractions.

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
    config = [(0, 0, 0)]
    for (lo, hi), dil in zip(spec.padding, spec.lhs_dilation):
        config.append((lo, hi, dil - 1))
    x = lax.pad(x, jnp.zeros((), x.dtype), (*config, (0, 0, 0)))
    kernel_size = w.shape[:nd]
    out_sizes = [
        max(0, (size - (k - 1) * d - 1) // s + 1)
        for size, k, s, d in zip(x.shape[1:-1], kernel_size, spec.window_strides,
                                 spec.rhs_dilation)
    ]
    groups = spec.feature_group_count
    batch, channels, out_channels = x.shape[0], x.shape[-1], w.shape[-1]
    group_in, group_out = channels // groups, out_channels // groups
    rows = batch * int(np.prod(out_sizes))
    total = None
    for offset in itertools.product(*(range(k) for k in kernel_size)):
        start = [0, *(o * d for o, d in zip(offset, spec.rhs_dilation)), 0]
        limit = [batch]
        for first, n, s in zip(start[1:-1], out_sizes, spec.window_strides):
            limit.append(first + (n - 1) * s + 1 if n > 0 else first)
        limit.append(channels)
        piece = lax.slice(x, start, limit, (1, *spec.window_strides, 1)).reshape(rows, channels)
        if groups == 1:
            kernel_t = lax.optimization_barrier(w[offset].T)  # (O, C)
            term = lax.dot_general(kernel_t, piece, (((1,), (1,)), ((), ())))
        else:  # one matmul per group: (G, O / G, C / G) x (rows, G, C / G) -> (G, O / G, rows)
            kernel_t = w[offset].reshape(group_in, groups, group_out).transpose(1, 2, 0)
            kernel_t = lax.optimization_barrier(kernel_t)
            piece = piece.reshape(rows, groups, group_in)
            term = lax.dot_general(kernel_t, piece, (((2,), (2,)), ((0,), (1,))))
            term = term.reshape(out_channels, rows)
        total = term if total is None else total + term
    total = lax.optimization_barrier(total).reshape(out_channels, batch, *out_sizes)
    # `total` is (O, N, spatial...): move to the requested output layout.
    perm = [0] * (nd + 2)
    for logical, axis in zip(dn.out_spec, (1, 0, *range(2, nd + 2))):
        perm[logical] = axis
    return jnp.transpose(total, perm)
