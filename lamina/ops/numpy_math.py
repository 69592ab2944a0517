"""Elementwise math ops beyond the basics (hyperbolic inverses, fmax, hypot, sinc...).

Every op here works on arrays and, inside a functional graph, on KerasTensors; being
elementwise, they keep the mask of their inputs. Float-valued functions compute integer
and boolean inputs in ``floatx`` (as Keras 3 does).

>>> import numpy as np
>>> arcsinh(np.array([0, 1])).dtype.name
'float32'
>>> hypot(np.array([3.0]), np.array([4.0])).tolist()
[5.0]
"""

import jax.numpy as jnp

from lamina import config
from lamina.core.convert import convert_to_tensor
from lamina.ops.dispatch import symbolic_aware
from lamina.ops.numpy_spec import (
    as_float,
    dtype_name,
    float_result_dtype,
    is_int_or_bool,
    to_tensor,
)

__all__ = [
    "angle",
    "arccosh",
    "arcsinh",
    "arctanh",
    "cbrt",
    "conj",
    "conjugate",
    "deg2rad",
    "rad2deg",
    "exp2",
    "fabs",
    "fmax",
    "fmin",
    "fmod",
    "gcd",
    "lcm",
    "heaviside",
    "hypot",
    "nextafter",
    "i0",
    "imag",
    "isneginf",
    "isposinf",
    "isreal",
    "signbit",
    "ldexp",
    "logaddexp2",
    "sinc",
    "trunc",
    "divide_no_nan",
    "isclose",
    "allclose",
    "digitize",
]


def _floating_unary(jnp_fn, name, summary, x="0.5"):
    """A unary op that promotes integer/boolean inputs to floatx first."""

    @symbolic_aware(keeps_mask=True)
    def fn(x):
        return jnp_fn(as_float(x))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (
        f"{summary}, elementwise (integer inputs give floatx; keeps masks).\n\n"
        f"    >>> float({name}({x})) == float(jnp.{jnp_fn.__name__}({x}))\n    True\n"
    )
    return fn


def _plain(jnp_fn, name, summary, example):
    """An elementwise op with jax.numpy's own dtype rules."""

    @symbolic_aware(keeps_mask=True)
    def fn(*args):
        return jnp_fn(*to_tensor(args))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{summary}, elementwise (keeps masks).\n\n    >>> {example}\n"
    return fn


angle = _floating_unary(jnp.angle, "angle", "Argument (phase angle) of a complex number")
arccosh = _floating_unary(jnp.arccosh, "arccosh", "Inverse hyperbolic cosine", x="1.5")
arcsinh = _floating_unary(jnp.arcsinh, "arcsinh", "Inverse hyperbolic sine")
arctanh = _floating_unary(jnp.arctanh, "arctanh", "Inverse hyperbolic tangent")
sinc = _floating_unary(jnp.sinc, "sinc", "Normalised sinc, sin(pi x) / (pi x)")

cbrt = _plain(jnp.cbrt, "cbrt", "Cube root", "cbrt(jnp.array([8.0])).tolist()\n    [2.0]")
conjugate = _plain(
    jnp.conjugate,
    "conjugate",
    "Complex conjugate",
    "conjugate(jnp.array([1 + 2j])).tolist()\n    [(1-2j)]",
)
conj = _plain(
    jnp.conjugate, "conj", "Complex conjugate", "conj(jnp.array([1 - 1j])).tolist()\n    [(1+1j)]"
)
deg2rad = _plain(
    jnp.deg2rad,
    "deg2rad",
    "Degrees to radians",
    "round(float(deg2rad(180.0)), 5)\n    3.14159",
)
rad2deg = _plain(
    jnp.rad2deg, "rad2deg", "Radians to degrees", "round(float(rad2deg(jnp.pi)), 3)\n    180.0"
)
fmax = _plain(
    jnp.fmax,
    "fmax",
    "Maximum that ignores NaN",
    "fmax(jnp.array([1.0, jnp.nan]), jnp.array([2.0, 0.0])).tolist()\n    [2.0, 0.0]",
)
fmin = _plain(
    jnp.fmin,
    "fmin",
    "Minimum that ignores NaN",
    "fmin(jnp.array([1.0, jnp.nan]), jnp.array([2.0, 0.0])).tolist()\n    [1.0, 0.0]",
)
fmod = _plain(
    jnp.fmod,
    "fmod",
    "Remainder with the sign of the dividend (C fmod)",
    "fmod(jnp.array([-5, 5]), 3).tolist()\n    [-2, 2]",
)
gcd = _plain(
    jnp.gcd,
    "gcd",
    "Greatest common divisor of integers",
    "gcd(jnp.array([12, 18]), 8).tolist()\n    [4, 2]",
)
lcm = _plain(
    jnp.lcm,
    "lcm",
    "Least common multiple of integers",
    "lcm(jnp.array([4, 6]), 6).tolist()\n    [12, 6]",
)
heaviside = _plain(
    jnp.heaviside,
    "heaviside",
    "Heaviside step: 0 below zero, 1 above, ``x2`` at zero",
    "heaviside(jnp.array([-1.0, 0.0, 2.0]), 0.5).tolist()\n    [0.0, 0.5, 1.0]",
)
hypot = _plain(
    jnp.hypot,
    "hypot",
    "Hypotenuse sqrt(x1**2 + x2**2)",
    "hypot(jnp.array([3.0]), 4.0).tolist()\n    [5.0]",
)
nextafter = _plain(
    jnp.nextafter,
    "nextafter",
    "Next representable float after ``x1`` towards ``x2``",
    "bool(nextafter(jnp.float32(1), jnp.float32(2)) > 1)\n    True",
)
imag = _plain(jnp.imag, "imag", "Imaginary part", "imag(jnp.array([1 + 2j])).tolist()\n    [2.0]")
isneginf = _plain(
    jnp.isneginf,
    "isneginf",
    "True where ``x`` is -inf",
    "isneginf(jnp.array([-jnp.inf, jnp.inf])).tolist()\n    [True, False]",
)
isposinf = _plain(
    jnp.isposinf,
    "isposinf",
    "True where ``x`` is +inf",
    "isposinf(jnp.array([-jnp.inf, jnp.inf])).tolist()\n    [False, True]",
)
isreal = _plain(
    jnp.isreal,
    "isreal",
    "True where the imaginary part is zero",
    "isreal(jnp.array([1 + 0j, 1j])).tolist()\n    [True, False]",
)
signbit = _plain(
    jnp.signbit,
    "signbit",
    "True where the sign bit is set (negative numbers and -0.0)",
    "signbit(jnp.array([-0.0, 1.0])).tolist()\n    [True, False]",
)


@symbolic_aware(keeps_mask=True)
def exp2(x):
    """``2 ** x`` elementwise (integer inputs give floatx; keeps masks).

    >>> exp2(jnp.array([3])).tolist()
    [8.0]
    """
    return jnp.exp2(as_float(x))


@symbolic_aware(keeps_mask=True)
def fabs(x):
    """Absolute value of real numbers (keeps masks); complex inputs raise ``TypeError``.

    >>> fabs(jnp.array([-1.5, 2.0])).tolist()
    [1.5, 2.0]
    """
    x = convert_to_tensor(x)
    if "complex" in dtype_name(x):
        raise TypeError(
            f"fabs takes real numbers only. Received: x.dtype={dtype_name(x)}. "
            "Fix: use ops.abs for the magnitude of complex numbers."
        )
    return jnp.fabs(x)


@symbolic_aware(keeps_mask=True)
def i0(x):
    """Modified Bessel function of the first kind, order 0 (keeps masks).

    >>> round(float(i0(0.0)), 4)
    1.0
    """
    x = convert_to_tensor(x)
    name = dtype_name(x)
    if name in ("int64", "float64"):
        target = "float64"
    elif name in ("bfloat16", "float16"):
        target = name
    else:
        target = config.floatx()
    return jnp.i0(x.astype(target))


@symbolic_aware(keeps_mask=True)
def ldexp(x1, x2):
    """``x1 * 2 ** x2`` with an integer exponent ``x2`` (keeps masks).

    >>> ldexp(jnp.array([1.0, 3.0]), jnp.array([2, 1])).tolist()
    [4.0, 6.0]
    """
    x1, x2 = to_tensor((x1, x2))
    if "int" not in dtype_name(x2):
        raise TypeError(
            f"ldexp needs an integer exponent x2. Received: x2 dtype={dtype_name(x2)}. "
            "Fix: cast x2 to an integer dtype, e.g. ops.cast(x2, 'int32')."
        )
    return jnp.ldexp(x1, x2)


@symbolic_aware(keeps_mask=True)
def logaddexp2(x1, x2):
    """``log2(2**x1 + 2**x2)`` computed stably (integer inputs give floatx; keeps masks).

    >>> logaddexp2(jnp.array([1.0]), jnp.array([1.0])).tolist()
    [2.0]
    """
    x1, x2 = to_tensor((x1, x2))
    dtype = float_result_dtype(x1.dtype, x2.dtype)
    return jnp.logaddexp2(x1.astype(dtype), x2.astype(dtype))


@symbolic_aware(keeps_mask=True)
def trunc(x):
    """Round towards zero; integer and boolean inputs come back unchanged (keeps masks).

    >>> trunc(jnp.array([-1.7, 1.7])).tolist()
    [-1.0, 1.0]
    """
    x = convert_to_tensor(x)
    if is_int_or_bool(x.dtype):
        return x
    return jnp.trunc(x)


@symbolic_aware(keeps_mask=True)
def divide_no_nan(x1, x2):
    """``x1 / x2``, with 0 wherever ``x2`` is 0 (keeps masks).

    >>> divide_no_nan(jnp.array([1.0, 2.0]), jnp.array([0.0, 4.0])).tolist()
    [0.0, 0.5]
    """
    x1, x2 = to_tensor((x1, x2))
    zero = x2 == 0
    return jnp.where(zero, 0, jnp.divide(x1, jnp.where(zero, 1, x2)))


@symbolic_aware(keeps_mask=True)
def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    """``|x1 - x2| <= atol + rtol * |x2|`` elementwise (keeps masks).

    >>> isclose(jnp.array([1.0, 2.0]), jnp.array([1.0 + 1e-9, 2.1])).tolist()
    [True, False]
    """
    x1, x2 = to_tensor((x1, x2))
    return jnp.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


@symbolic_aware
def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    """True when every pair of entries is close (see :func:`isclose`).

    >>> bool(allclose(jnp.array([1.0, 2.0]), jnp.array([1.0, 2.0 + 1e-7])))
    True
    """
    x1, x2 = to_tensor((x1, x2))
    return jnp.allclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


@symbolic_aware(keeps_mask=True)
def digitize(x, bins):
    """Index of the bin of ``bins`` (1-D, monotonic) that each entry falls in (keeps masks).

    >>> digitize(jnp.array([0.5, 1.5, 3.0]), jnp.array([1.0, 2.0])).tolist()
    [0, 1, 2]
    """
    x, bins = to_tensor((x, bins))
    if bins.ndim != 1:
        raise ValueError(
            f"digitize: `bins` must be a 1-D array. Received: bins.shape={bins.shape}. "
            "Fix: flatten the bin edges with ops.ravel(bins)."
        )
    return jnp.digitize(x, bins).astype("int32")
