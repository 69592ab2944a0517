"""Integer ids -> ``one_hot`` / ``multi_hot`` / ``count`` vectors (Keras's rules).

* rank-0 inputs are treated as one sample ``(1,)``;
* ``one_hot``: a trailing axis of size 1 is replaced by the ``depth`` axis, otherwise
  ``depth`` is appended;
* ``multi_hot`` / ``count`` reduce axis 1 of a batch (axis 0 of a single sample), as
  Keras 3 does: ``(batch, n) -> (batch, depth)``.

Ids outside ``[0, depth)`` give all-zero rows (that is how masked and dropped ids
vanish); layers that must not lose ids check them eagerly before encoding.

>>> import jax.numpy as jnp
>>> encode(jnp.array([[0, 2, 2]]), "count", 4).tolist()
[[1.0, 0.0, 2.0, 0.0]]
"""

import jax
import jax.numpy as jnp

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count")


def encode(ids, output_mode, depth, dtype="float32", count_weights=None):
    """Encode integer ``ids`` (a jax array) into ``output_mode`` vectors of size ``depth``."""
    if output_mode == "int":
        return ids.astype(dtype)
    if ids.ndim == 0:
        ids = ids[None]
    if output_mode == "one_hot":
        if ids.ndim > 1 and ids.shape[-1] == 1:
            ids = ids[..., 0]
        return jax.nn.one_hot(ids, depth, dtype=dtype)
    axis = 1 if ids.ndim > 1 else 0
    if output_mode == "multi_hot":
        return jnp.max(jax.nn.one_hot(ids.astype("int32"), depth, dtype=dtype), axis=axis)
    if count_weights is not None:
        dtype = count_weights.dtype
    one_hot = jax.nn.one_hot(ids, depth, dtype=dtype)
    if count_weights is not None:
        one_hot = one_hot * count_weights[..., None]
    return jnp.sum(one_hot, axis=axis)


def check_output_mode(owner: str, output_mode, allowed=OUTPUT_MODES) -> str:
    """Validate ``output_mode`` (``"binary"`` is Keras's old name for ``"multi_hot"``)."""
    if output_mode == "binary":
        output_mode = "multi_hot"
    if output_mode == "tf-idf":
        output_mode = "tf_idf"
    if output_mode not in allowed:
        raise ValueError(
            f"{owner}: output_mode must be one of {tuple(allowed)}, received "
            f"output_mode={output_mode!r}."
        )
    return output_mode


def reject_sparse(owner: str, sparse) -> None:
    if sparse:
        raise ValueError(
            f"{owner}: sparse=True is not supported (lamina's JAX layers return dense "
            "arrays, as Keras does on the JAX backend). Use sparse=False."
        )


def is_concrete(x) -> bool:
    return not isinstance(x, jax.core.Tracer)
