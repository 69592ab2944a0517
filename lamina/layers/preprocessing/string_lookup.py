"""``StringLookup``: map strings to integer indices through a vocabulary (eager, numpy).

>>> layer = StringLookup(vocabulary=["a", "b", "c", "d"])
>>> layer([["a", "c", "d"], ["d", "z", "b"]]).tolist()
[[1, 3, 4], [4, 0, 2]]
>>> StringLookup(vocabulary=["a", "b"], invert=True)([[1, 2, 0]]).tolist()
[['a', 'b', '[UNK]']]
"""

import jax
import jax.numpy as jnp
import numpy as np

from lamina._registry import register_builtin
from lamina.layers.preprocessing._data_layer import to_str_array
from lamina.layers.preprocessing._index_lookup import IndexLookup


@register_builtin
class StringLookup(IndexLookup):
    """String vocabulary lookup (or, with ``invert=True``, indices back to strings).

    Arguments as ``IntegerLookup``, with string tokens: ``mask_token`` (default None),
    ``oov_token`` (default ``"[UNK]"``), plus ``encoding`` (used to decode byte
    strings). With ``num_oov_indices > 1``, an OOV string goes to its FarmHash bucket
    (SipHash with ``salt``), the same bucket as in Keras.

    Strings cannot live in JAX arrays, so this layer runs **eagerly with numpy**: call it
    on ``str`` / lists / numpy string arrays in the data pipeline, before ``fit``.
    Numeric outputs are jax arrays (index outputs int32 unless JAX's x64 mode is on);
    ``invert=True`` returns a numpy string array. Calling it on a symbolic tensor (a
    functional model input) raises an error explaining this; so does ``jit``.

    >>> layer = StringLookup()
    >>> layer.adapt(["a", "a", "a", "b", "b", "c"])
    >>> layer.get_vocabulary()
    ['[UNK]', 'a', 'b', 'c']
    """

    string_only = True

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]",
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 pad_to_max_tokens=False, sparse=False, encoding="utf-8", name=None, salt=None,
                 **kwargs):
        kwargs.pop("vocabulary_dtype", None)
        self.encoding = encoding
        super().__init__(
            max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
            oov_token=oov_token, vocabulary_dtype="string", vocabulary=vocabulary,
            idf_weights=idf_weights, invert=invert, output_mode=output_mode, sparse=sparse,
            pad_to_max_tokens=pad_to_max_tokens, name=name, salt=salt, **kwargs,
        )

    def _convert_tokens(self, values) -> list:
        array = to_str_array(values, self.encoding, owner=self._owner())
        return [str(v) for v in array.reshape(-1).tolist()]

    def _adapt_array(self, data):
        return to_str_array(data, self.encoding, owner=self._owner())

    def _call_strings(self, inputs):
        if self.invert:
            ids = np.asarray(inputs)
            if ids.dtype.kind not in "iu":
                raise TypeError(
                    f"{self._owner()} has invert=True and maps integer indices to strings, "
                    f"received dtype {ids.dtype}."
                )
            table = np.asarray(self.get_vocabulary(), dtype=str)
            inside = (ids >= 0) & (ids < table.size)
            out = np.where(inside, table[np.clip(ids, 0, table.size - 1)], self.oov_token)
            if self.mask_token is not None:
                out = np.where(ids == 0, self.mask_token, out)
            return out
        values = to_str_array(inputs, self.encoding, owner=self._owner())
        ids = self.lookup_numpy(values)
        return self._encode(jnp.asarray(ids))

    def lookup_numpy(self, values):
        """Indices (numpy int32) of a numpy string array, before output encoding."""
        return self._lookup_ids(np, values, str, self._string_oov)

    def call(self, inputs):
        if isinstance(inputs, jax.core.Tracer):
            raise TypeError(
                f"{self._owner()} cannot run inside jax.jit (JAX arrays hold no strings). "
                "Apply it in the data pipeline, before fit."
            )
        return self._call_strings(np.asarray(inputs))

    def get_config(self):
        config = super().get_config()
        del config["vocabulary_dtype"]
        return {**config, "encoding": self.encoding}
