"""``Hashing``: hash strings or integers into ``num_bins`` buckets (FarmHash / SipHash).

>>> import numpy as np
>>> Hashing(num_bins=3)([["A"], ["B"], ["C"], ["D"], ["E"]]).tolist()
[[1], [0], [1], [1], [2]]
>>> Hashing(num_bins=3)(np.array([[0], [1], [2], [3], [4]])).tolist()
[[1], [0], [1], [0], [2]]
"""

import jax
import jax.numpy as jnp
import numpy as np

from lamina import config
from lamina._registry import register_builtin
from lamina.layers.preprocessing._data_layer import DataLayer, to_str_array
from lamina.layers.preprocessing._encoding import check_output_mode, encode, reject_sparse
from lamina.layers.preprocessing._hash_functions import hash_buckets


def normalize_salt(salt, owner):
    """``None``, an int (used twice) or a pair of ints -> ``None`` or ``[k0, k1]``."""
    if salt is None:
        return None
    if isinstance(salt, (tuple, list)) and len(salt) == 2 and all(
        isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in salt
    ):
        return [int(s) for s in salt]
    if isinstance(salt, (int, np.integer)) and not isinstance(salt, bool):
        return [int(salt), int(salt)]
    raise ValueError(
        f"{owner}: salt must be an int or a pair of ints (the SipHash key), received "
        f"salt={salt!r}."
    )


def host_hash_buckets(values, num_buckets, salt):
    """Hash buckets of a jax array (works inside ``jit`` through a host callback)."""
    def compute(array):
        return hash_buckets(np.asarray(array), num_buckets, salt).astype(np.int32)

    result = jax.ShapeDtypeStruct(values.shape, jnp.int32)
    return jax.pure_callback(compute, result, values, vmap_method="broadcast_all")


@register_builtin
class Hashing(DataLayer):
    """Maps each value to ``hash(value) % num_bins`` (deterministic, no vocabulary).

    Values are hashed as text: strings as UTF-8, integers as their decimal digits,
    floats truncated to integers first -- exactly as Keras (TensorFlow's
    ``to_hash_bucket_fast``, i.e. FarmHash ``Fingerprint64``, or, with ``salt``,
    ``to_hash_bucket_strong``, i.e. SipHash-2-4), so bucket numbers match Keras's.

    Args:
        num_bins: number of buckets (including the mask bucket, if any).
        mask_value: values equal to it go to bucket 0 and the others to
            ``[1, num_bins)``.
        salt: an int or a pair of ints: keyed SipHash instead of FarmHash.
        output_mode: ``"int"`` (bucket ids), ``"one_hot"``, ``"multi_hot"`` or
            ``"count"`` (float vectors of size ``num_bins``).
        sparse: only ``False``.

    Numeric inputs go through the normal call pipeline and work inside ``jit`` (the
    hash runs on the host via ``jax.pure_callback``). String inputs are processed
    eagerly with numpy and cannot be part of a functional model. Masks are refused.

    >>> Hashing(num_bins=2, salt=133).get_config()["salt"]
    [133, 133]
    """

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False,
                 **kwargs):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else config.floatx()
        super().__init__(**kwargs)
        owner = f"Hashing '{self.name}'"
        if num_bins is None or isinstance(num_bins, bool) or not isinstance(
            num_bins, (int, np.integer)
        ) or num_bins <= 0:
            raise ValueError(f"{owner}: num_bins must be a positive int, received {num_bins!r}.")
        self.output_mode = check_output_mode(owner, output_mode)
        if self.output_mode == "int" and self.dtype not in ("int32", "int64"):
            raise ValueError(
                f"{owner}: with output_mode='int', dtype must be 'int32' or 'int64', "
                f"received dtype={self.dtype!r}."
            )
        reject_sparse(owner, sparse)
        self.num_bins = int(num_bins)
        self.mask_value = mask_value
        self.salt = normalize_salt(salt, owner)
        self.strong_hash = self.salt is not None
        self.sparse = False
        self.autocast = False
        self.built = True

    def _bins_numpy(self, values):
        hash_bins, mask = self.num_bins, None
        if self.mask_value is not None and self.num_bins > 1:
            hash_bins -= 1
            mask = self._mask_positions(values)
        bins = hash_buckets(values, hash_bins, self.salt)
        if mask is not None:
            bins = np.where(mask, 0, bins + 1)
        return bins.astype(np.int32)

    def _mask_positions(self, values):
        if values.dtype.kind in "US":
            return values == str(self.mask_value)
        return values == self.mask_value

    def _check_numeric_mask_value(self, dtype):
        if isinstance(self.mask_value, (str, bytes)):
            raise ValueError(
                f"Hashing '{self.name}': mask_value={self.mask_value!r} is a string but the "
                f"inputs are numbers ({dtype}). Use a numeric mask_value."
            )

    def _finish(self, bins):
        out_dtype = jax.dtypes.canonicalize_dtype(self.dtype)
        if self.output_mode == "int":
            return bins.astype(out_dtype)
        return encode(bins, self.output_mode, self.num_bins, out_dtype)

    def _squeezed(self, values):
        if self.output_mode == "one_hot" and values.ndim and values.shape[-1] == 1:
            return values[..., 0]
        return values

    def _call_strings(self, inputs):
        values = self._squeezed(to_str_array(inputs, owner=f"Hashing '{self.name}'"))
        return self._finish(jnp.asarray(self._bins_numpy(values)))

    def call(self, inputs):
        values = self._squeezed(jnp.asarray(inputs))
        self._check_numeric_mask_value(values.dtype)
        if not isinstance(values, jax.core.Tracer):  # eager: hash on the host directly
            return self._finish(jnp.asarray(self._bins_numpy(np.asarray(values))))

        def compute(array):
            return self._bins_numpy(np.asarray(array))

        result = jax.ShapeDtypeStruct(values.shape, jnp.int32)
        bins = jax.pure_callback(compute, result, values, vmap_method="broadcast_all")
        return self._finish(bins)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        if len(input_shape) == 0:
            return (self.num_bins,)
        return tuple(input_shape[:-1]) + (self.num_bins,)

    def get_config(self):
        return {
            **super().get_config(),
            "num_bins": self.num_bins,
            "salt": self.salt,
            "mask_value": self.mask_value,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
        }
