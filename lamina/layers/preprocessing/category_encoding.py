"""``CategoryEncoding``: integer ids -> one-hot, multi-hot or count vectors.

>>> import numpy as np
>>> CategoryEncoding(4, output_mode="one_hot")(np.array([3, 0])).tolist()
[[0.0, 0.0, 0.0, 1.0], [1.0, 0.0, 0.0, 0.0]]
>>> CategoryEncoding(4, output_mode="count")(np.array([[0, 1, 1]])).tolist()
[[1.0, 2.0, 0.0, 0.0]]
"""

import jax.numpy as jnp
import numpy as np

from lamina._registry import register_builtin
from lamina.layers.layer import Layer
from lamina.layers.preprocessing._encoding import (
    check_output_mode,
    encode,
    is_concrete,
    reject_sparse,
)


@register_builtin
class CategoryEncoding(Layer):
    """Encodes integer ids in ``[0, num_tokens)``.

    Args:
        num_tokens: number of categories (size of the output's last axis).
        output_mode: ``"multi_hot"`` (default; ``(batch, n) -> (batch, num_tokens)``, 1
            where an id occurs), ``"one_hot"`` (one vector per id; a trailing axis of size
            1 is replaced), or ``"count"`` (occurrence counts, weighted by the call's
            ``count_weights`` when given).
        sparse: only ``False`` (dense outputs).

    Eagerly, ids outside ``[0, num_tokens)`` raise an error naming the layer (Keras's
    JAX backend silently encodes them as zeros; inside ``jit`` lamina cannot check them
    and they encode as zeros too). Masks are refused.

    >>> CategoryEncoding(3).get_config()["output_mode"]
    'multi_hot'
    """

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        owner = f"CategoryEncoding '{self.name}'"
        output_mode = check_output_mode(owner, output_mode, ("one_hot", "multi_hot", "count"))
        if num_tokens is None or isinstance(num_tokens, bool) or not isinstance(
            num_tokens, (int, np.integer)
        ) or num_tokens < 1:
            raise ValueError(
                f"{owner}: num_tokens must be an int >= 1 (the number of categories), "
                f"received num_tokens={num_tokens!r}. If the categories are not known in "
                "advance, use IntegerLookup instead."
            )
        reject_sparse(owner, sparse)
        self.num_tokens = int(num_tokens)
        self.output_mode = output_mode
        self.sparse = False
        self.built = True

    def _check_ids(self, ids):
        if not is_concrete(ids) or ids.size == 0:
            return
        values = np.asarray(ids)
        low, high = values.min(), values.max()
        if low < 0 or high >= self.num_tokens:
            raise ValueError(
                f"CategoryEncoding '{self.name}': input values must be in [0, "
                f"{self.num_tokens}) (num_tokens={self.num_tokens}), received values from "
                f"{low} to {high}. Increase num_tokens or map the ids first (IntegerLookup)."
            )

    def call(self, inputs, count_weights=None):
        ids = jnp.asarray(inputs)
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError(
                    f"CategoryEncoding '{self.name}': count_weights is only used with "
                    f"output_mode='count', received output_mode={self.output_mode!r}."
                )
            count_weights = jnp.asarray(count_weights, dtype=self.compute_dtype)
        self._check_ids(ids)
        return encode(ids, self.output_mode, self.num_tokens, self.compute_dtype,
                      count_weights)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if not input_shape:
            return (self.num_tokens,)
        if self.output_mode == "one_hot" and (input_shape[-1] != 1 or len(input_shape) == 1):
            return input_shape + (self.num_tokens,)
        return input_shape[:-1] + (self.num_tokens,)

    def get_config(self):
        return {**super().get_config(), "num_tokens": self.num_tokens,
                "output_mode": self.output_mode}
