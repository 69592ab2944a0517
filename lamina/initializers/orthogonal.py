"""``Orthogonal``: a (scaled) random orthogonal matrix, via a QR decomposition."""

import math

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.initializers.initializer import check_float_dtype, check_shape
from lamina.initializers.random_initializers import RandomInitializer


@register_builtin(names=("OrthogonalInitializer",))
class Orthogonal(RandomInitializer):
    """``gain`` times a random orthogonal matrix.

    The shape is flattened to ``(prod(shape[:-1]), shape[-1])`` (so conv kernels work);
    the result has orthonormal columns when there are at least as many rows as columns,
    orthonormal rows otherwise. Rank must be at least 2.

    >>> import jax.numpy as jnp
    >>> w = Orthogonal(seed=0)((4, 3))
    >>> bool(jnp.allclose(w.T @ w, jnp.eye(3), atol=1e-5))
    True
    """

    def __init__(self, gain=1.0, seed=None):
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape, dtype = check_shape(self, shape), check_float_dtype(self, dtype)
        if len(shape) < 2:
            raise ValueError(
                f"Orthogonal: the tensor to initialize must be at least 2D, received "
                f"shape={shape} of rank {len(shape)}."
            )
        rows, cols = math.prod(shape[:-1]), shape[-1]
        with jax.ensure_compile_time_eval():
            # QR needs float32 or wider; compute there, cast at the end.
            compute = jnp.promote_types(dtype, "float32")
            a = jax.random.normal(self._key(), (max(rows, cols), min(rows, cols)), compute)
            q, r = jnp.linalg.qr(a)
            q = q * jnp.sign(jnp.diag(r))  # makes the distribution uniform (Haar)
            if rows < cols:
                q = q.T
            return (self.gain * q.reshape(shape)).astype(dtype)

    def get_config(self):
        return {**super().get_config(), "gain": self.gain}
