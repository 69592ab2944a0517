"""``lamina.ops.linalg``: linear algebra on (batches of) matrices, as ``keras.ops.linalg``.

Every function takes ``(..., M, N)`` arrays (leading axes are batch axes), works eagerly
and on KerasTensors, and is also exported as ``lamina.ops.<name>``. Integer inputs are
computed in ``floatx()``.

>>> import numpy as np
>>> float(det(np.array([[2.0, 0.0], [0.0, 3.0]])))
6.0
"""

import jax
import jax.numpy as jnp
import jax.scipy as jsp

from lamina import config
from lamina.core.convert import convert_to_tensor
from lamina.ops.dispatch import symbolic_aware

__all__ = [
    "cholesky", "cholesky_inverse", "det", "eig", "eigh", "inv", "jvp", "lstsq",
    "lu_factor", "matrix_rank", "norm", "pinv", "qr", "solve", "solve_triangular", "svd",
]


def _matrix(name, x, square=False):
    x = convert_to_tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        x = x.astype(config.floatx())
    if x.ndim < 2:
        raise ValueError(
            f"ops.{name}: expected a matrix or a batch of matrices (rank >= 2), received "
            f"shape {tuple(x.shape)}."
        )
    if square and x.shape[-1] != x.shape[-2]:
        raise ValueError(
            f"ops.{name}: expected square matrices, received shape {tuple(x.shape)}."
        )
    return x


def _right_hand_side(name, a, b):
    b = convert_to_tensor(b).astype(a.dtype)
    rows = b.shape[-2] if b.ndim == a.ndim else b.shape[-1]
    if b.ndim not in (a.ndim, a.ndim - 1) or rows != a.shape[-2]:
        raise ValueError(
            f"ops.{name}: b must have shape (..., M) or (..., M, K) matching a of shape "
            f"(..., M, N) = {tuple(a.shape)}; received b.shape={tuple(b.shape)}."
        )
    return b


def _eager_nan_check(name, out, advice):
    if isinstance(out, jax.core.Tracer):
        return out
    if bool(jnp.any(jnp.isnan(out))):
        raise ValueError(f"ops.{name} failed: {advice}")
    return out


@symbolic_aware
def cholesky(x, upper=False):
    """Cholesky factor ``L`` with ``x = L L^H`` (``upper=True``: ``U`` with ``x = U^H U``).

    Eagerly, a matrix that is not positive definite raises a ``ValueError``.

    >>> import numpy as np
    >>> cholesky(np.array([[4.0, 2.0], [2.0, 5.0]])).tolist()
    [[2.0, 0.0], [1.0, 2.0]]
    """
    out = jnp.linalg.cholesky(_matrix("cholesky", x, square=True), upper=upper)
    return _eager_nan_check("cholesky", out, "the input is not a symmetric positive "
                            "definite matrix.")


@symbolic_aware
def cholesky_inverse(x, upper=False):
    """Inverse of ``A`` from its Cholesky factor ``x`` (lower, or upper with ``upper``).

    >>> import numpy as np
    >>> cholesky_inverse(np.array([[2.0, 0.0], [0.0, 4.0]])).tolist()
    [[0.25, 0.0], [0.0, 0.0625]]
    """
    x = _matrix("cholesky_inverse", x, square=True)
    eye = jnp.broadcast_to(jnp.eye(x.shape[-1], dtype=x.dtype), x.shape)
    factor_inv = jsp.linalg.solve_triangular(x, eye, lower=not upper)
    swapped = jnp.swapaxes(factor_inv, -1, -2).conj()
    return factor_inv @ swapped if upper else swapped @ factor_inv


@symbolic_aware
def det(x):
    """Determinant of each square matrix.

    >>> import numpy as np
    >>> float(det(np.array([[1.0, 2.0], [3.0, 4.0]])))
    -2.0
    """
    return jnp.linalg.det(_matrix("det", x, square=True))


@symbolic_aware
def eig(x):
    """Eigenvalues and right eigenvectors of general square matrices (complex results;
    computed on the CPU by JAX).

    >>> import numpy as np
    >>> eig(np.diag([1.0, 2.0]))[0].tolist()
    [(1+0j), (2+0j)]
    """
    return jnp.linalg.eig(_matrix("eig", x, square=True))


@symbolic_aware
def eigh(x):
    """Eigenvalues (ascending) and eigenvectors of symmetric / Hermitian matrices.

    >>> import numpy as np
    >>> eigh(np.diag([3.0, 1.0]))[0].tolist()
    [1.0, 3.0]
    """
    return jnp.linalg.eigh(_matrix("eigh", x, square=True))


@symbolic_aware
def inv(x):
    """Inverse of each square matrix.

    >>> import numpy as np
    >>> inv(np.array([[2.0, 0.0], [0.0, 4.0]])).tolist()
    [[0.5, 0.0], [0.0, 0.25]]
    """
    return jnp.linalg.inv(_matrix("inv", x, square=True))


@symbolic_aware
def lu_factor(x):
    """Pivoted LU factorization: ``(lu, pivots)`` as ``scipy.linalg.lu_factor`` (L below
    the diagonal with implicit ones, U on and above it; row ``i`` swapped with
    ``pivots[i]``).

    >>> import numpy as np
    >>> lu_factor(np.array([[1.0, 2.0], [3.0, 4.0]]))[1].tolist()
    [1, 1]
    """
    x = _matrix("lu_factor", x)
    factor = jsp.linalg.lu_factor
    for _ in range(x.ndim - 2):
        factor = jax.vmap(factor)
    return factor(x)


@symbolic_aware
def norm(x, ord=None, axis=None, keepdims=False):
    """Vector or matrix norm (``numpy.linalg.norm`` semantics: ``axis`` an int for vector
    norms, a pair for matrix norms, None for the whole flattened array / matrix).

    >>> float(norm([3.0, 4.0]))
    5.0
    """
    x = convert_to_tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        x = x.astype(config.floatx())
    return jnp.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)


@symbolic_aware
def qr(x, mode="reduced"):
    """QR decomposition ``(q, r)``; ``mode`` is ``"reduced"`` or ``"complete"``.

    >>> import numpy as np
    >>> [a.shape for a in qr(np.ones((4, 3)))]
    [(4, 3), (3, 3)]
    """
    if mode not in ("reduced", "complete"):
        raise ValueError(
            f"ops.qr: mode must be 'reduced' or 'complete', received mode={mode!r}."
        )
    return jnp.linalg.qr(_matrix("qr", x), mode=mode)


@symbolic_aware
def solve(a, b):
    """``x`` with ``a @ x = b`` for square ``a``; ``b`` is ``(..., M)`` or ``(..., M, K)``.

    >>> import numpy as np
    >>> solve(np.array([[2.0, 0.0], [0.0, 4.0]]), np.array([2.0, 2.0])).tolist()
    [1.0, 0.5]
    """
    a = _matrix("solve", a, square=True)
    return jnp.linalg.solve(a, _right_hand_side("solve", a, b))


@symbolic_aware
def solve_triangular(a, b, lower=False):
    """``x`` with ``a @ x = b`` for triangular ``a`` (upper unless ``lower``).

    >>> import numpy as np
    >>> solve_triangular(np.array([[1.0, 1.0], [0.0, 2.0]]), np.array([3.0, 2.0])).tolist()
    [2.0, 1.0]
    """
    a = _matrix("solve_triangular", a, square=True)
    return jsp.linalg.solve_triangular(a, _right_hand_side("solve_triangular", a, b),
                                       lower=lower)


@symbolic_aware
def svd(x, full_matrices=True, compute_uv=True):
    """Singular value decomposition ``(u, s, vh)`` (only ``s`` without ``compute_uv``).

    >>> import numpy as np
    >>> svd(np.diag([3.0, 2.0]), compute_uv=False).tolist()
    [3.0, 2.0]
    """
    return jnp.linalg.svd(_matrix("svd", x), full_matrices=full_matrices,
                          compute_uv=compute_uv)


@symbolic_aware
def lstsq(a, b, rcond=None):
    """Least-squares solution ``x`` minimizing ``|b - a @ x|`` (the minimum-norm one when
    several exist). Returns only ``x``, as Keras does (NumPy returns four values).

    >>> import numpy as np
    >>> a = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    >>> lstsq(a, np.array([1.0, 2.0, 3.0])).tolist()
    [1.0, 2.0]
    """
    a = _matrix("lstsq", a)
    if a.ndim != 2:
        raise ValueError(f"ops.lstsq: a must be a single (M, N) matrix, received "
                         f"shape {tuple(a.shape)}.")
    return jnp.linalg.lstsq(a, _right_hand_side("lstsq", a, b), rcond=rcond)[0]


@symbolic_aware
def matrix_rank(x, tol=None):
    """Number of singular values above ``tol``, as int32.

    ``tol`` is an absolute threshold, as the Keras docstring describes (Keras 3.15's JAX
    backend reads it as relative to the largest singular value); ``None`` uses JAX's
    default, ``max(M, N) * eps * largest singular value``, like Keras.

    >>> import numpy as np
    >>> int(matrix_rank(np.array([[1.0, 2.0], [2.0, 4.0]])))
    1
    >>> int(matrix_rank(np.diag([1.0, 0.01]), tol=0.1))
    1
    """
    x = _matrix("matrix_rank", x)
    if tol is None:
        return jnp.linalg.matrix_rank(x).astype("int32")
    singular = jnp.linalg.svd(x, compute_uv=False)
    return jnp.sum(singular > tol, axis=-1).astype("int32")


@symbolic_aware
def pinv(x, rcond=None):
    """Moore-Penrose pseudo-inverse.

    >>> import numpy as np
    >>> pinv(np.array([[2.0, 0.0], [0.0, 0.0]])).tolist()
    [[0.5, 0.0], [0.0, 0.0]]
    """
    return jnp.linalg.pinv(_matrix("pinv", x), rtol=rcond)


def jvp(fun, primals, tangents, has_aux=False):
    """Forward-mode Jacobian-vector product: ``(fun(*primals), J @ tangents)`` (plus
    ``fun``'s auxiliary output when ``has_aux``). Same contract as ``jax.jvp``.

    >>> out, tangent = jvp(lambda x: x ** 2, (3.0,), (1.0,))
    >>> float(out), float(tangent)
    (9.0, 6.0)
    """
    return _jvp(fun, tuple(primals), tuple(tangents), has_aux=has_aux)


@symbolic_aware
def _jvp(fun, primals, tangents, has_aux=False):
    return jax.jvp(fun, primals, tangents, has_aux=has_aux)
