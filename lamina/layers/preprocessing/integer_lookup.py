"""``IntegerLookup``: map integer features to contiguous indices through a vocabulary.

>>> import numpy as np
>>> layer = IntegerLookup(vocabulary=[12, 36, 1138, 42])
>>> layer(np.array([[12, 1138, 42], [42, 1000, 36]])).tolist()
[[1, 3, 4], [4, 0, 2]]
>>> IntegerLookup(vocabulary=[12, 36], invert=True)(np.array([1, 2, 0])).tolist()
[12, 36, -1]
"""

import jax
import jax.numpy as jnp
import numpy as np

from lamina._registry import register_builtin
from lamina.layers.preprocessing._index_lookup import IndexLookup

_INT32 = np.iinfo(np.int32)


@register_builtin
class IntegerLookup(IndexLookup):
    """Integer vocabulary lookup (or, with ``invert=True``, indices back to integers).

    Args:
        max_tokens: maximum vocabulary size, special indices included (None: no limit).
        num_oov_indices: number of out-of-vocabulary indices (default 1). With more than
            one, an OOV value ``v`` goes to ``v mod num_oov_indices`` (``oov_method=
            "floormod"``) or to the FarmHash bucket of its decimal text (``"farmhash"``;
            SipHash with ``salt``). With 0, an OOV value is an error (eager calls; inside
            ``jit`` it gets index -1).
        mask_token: a value that maps to index 0 (and is skipped in multi-hot/count
            outputs). Default None: no mask index.
        oov_token: the value returned by ``invert=True`` for unknown indices (default -1).
        vocabulary: a list/array of ints, or a text file path with one int per line.
        vocabulary_dtype: only ``"int64"``.
        idf_weights: with ``output_mode="tf_idf"``, one weight per vocabulary term.
        invert: map indices back to vocabulary values.
        output_mode: ``"int"`` (indices), ``"one_hot"``, ``"multi_hot"``, ``"count"`` or
            ``"tf_idf"`` (float vectors of size ``vocabulary_size()``, or ``max_tokens``
            with ``pad_to_max_tokens=True``).
        sparse: only ``False``.

    Numeric inputs go through the normal call pipeline and work inside ``jit`` (a
    sorted-vocabulary ``searchsorted``). Index outputs are int32 unless JAX's x64 mode
    is on (Keras's JAX backend gives the same). Masks are refused: the layer does not
    create masks (use ``Embedding(mask_zero=True)`` after it), as in Keras.

    >>> layer = IntegerLookup()
    >>> layer.adapt([5, 5, 5, 10, 10, 15])
    >>> layer.get_vocabulary()
    [-1, 5, 10, 15]
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1,
                 vocabulary=None, vocabulary_dtype="int64", idf_weights=None, invert=False,
                 output_mode="int", sparse=False, pad_to_max_tokens=False,
                 oov_method="floormod", salt=None, name=None, **kwargs):
        if vocabulary_dtype != "int64":
            raise ValueError(
                "IntegerLookup: only vocabulary_dtype='int64' is supported, received "
                f"vocabulary_dtype={vocabulary_dtype!r}."
            )
        super().__init__(
            max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
            oov_token=oov_token, vocabulary_dtype=vocabulary_dtype, vocabulary=vocabulary,
            idf_weights=idf_weights, invert=invert, output_mode=output_mode, sparse=sparse,
            pad_to_max_tokens=pad_to_max_tokens, oov_method=oov_method, salt=salt, name=name,
            **kwargs,
        )

    def _convert_tokens(self, values) -> list:
        array = np.asarray(values)
        if array.dtype.kind not in "iub" and array.size:
            if array.dtype.kind != "f" or not np.all(np.equal(np.mod(array, 1), 0)):
                raise ValueError(
                    f"{self._owner()}: vocabulary terms must be integers, received "
                    f"{array.reshape(-1)[:5].tolist()} (dtype {array.dtype})."
                )
        tokens = [int(v) for v in array.reshape(-1).tolist()]
        if not jax.config.jax_enable_x64 and any(
            not _INT32.min <= t <= _INT32.max for t in tokens
        ):
            raise ValueError(
                f"{self._owner()}: vocabulary values must fit in int32 because JAX's x64 mode "
                "is off (inputs become int32 arrays). Enable it with "
                "jax.config.update('jax_enable_x64', True), or remap the ids."
            )
        return tokens

    def _read_vocabulary_file(self, path) -> list:
        return [int(line) for line in super()._read_vocabulary_file(path)]

    def call(self, inputs):
        values = jnp.asarray(inputs)
        if not jnp.issubdtype(values.dtype, jnp.integer):
            raise TypeError(
                f"{self._owner()} takes integer inputs, received dtype {values.dtype}. Cast "
                "the ids to int, or use StringLookup for strings / Discretization for floats."
            )
        if self.invert:
            return self._invert(values)
        if isinstance(values, jax.core.Tracer):
            ids = self._lookup_ids(jnp, values, np.int64, self._int_oov)
        else:  # eager: numpy lookup, no per-shape compilation
            ids = jnp.asarray(self._lookup_ids(np, np.asarray(values), np.int64, self._int_oov))
        return self._encode(ids)

    def _invert(self, ids):
        table = jnp.asarray(np.asarray(self.get_vocabulary(), dtype=np.int64))
        size = table.shape[0]
        inside = (ids >= 0) & (ids < size)
        out = jnp.where(inside, table[jnp.clip(ids, 0, size - 1)], self.oov_token)
        if self.mask_token is not None:
            out = jnp.where(ids == 0, self.mask_token, out)
        return out.astype(jax.dtypes.canonicalize_dtype("int64"))

    def get_config(self):
        config = super().get_config()
        for key in ("oov_token", "mask_token"):
            if config[key] is not None:
                config[key] = int(config[key])
        if config["vocabulary"] is not None:
            config["vocabulary"] = [int(v) for v in config["vocabulary"]]
        return config
