"""``IndexLookup``: the vocabulary table behind ``IntegerLookup`` and ``StringLookup``.

The vocabulary lives in numpy: a sorted key array plus the index of each key, so a
lookup is one ``searchsorted`` -- with ``jax.numpy`` for integer inputs (works inside
``jit``), with numpy for strings. Index layout (Keras's): ``[mask] [oov x n] tokens``,
where the mask index exists only with a ``mask_token`` in ``output_mode="int"``.

Adapted state: Keras keeps an adapted vocabulary in a separate assets file and the IDF
weights in variables. lamina has no assets, so after ``adapt`` (or a vocabulary read
from a file) ``get_config()["vocabulary"]`` holds the full vocabulary, special tokens
first, and ``"idf_weights"`` the matching weights; ``from_config`` rebuilds the same
table. A vocabulary given as a list is written back unchanged, as in Keras.

>>> from lamina.layers.preprocessing.integer_lookup import IntegerLookup
>>> IntegerLookup(vocabulary=[12, 36]).get_vocabulary()
[-1, 12, 36]
"""

import collections

import jax
import jax.numpy as jnp
import numpy as np

from lamina import config
from lamina.layers.preprocessing._data_layer import DataLayer, document_rows, run_adapt
from lamina.layers.preprocessing._encoding import check_output_mode, encode, reject_sparse
from lamina.layers.preprocessing._hash_functions import hash_buckets
from lamina.layers.preprocessing.hashing import host_hash_buckets, normalize_salt

MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


class IndexLookup(DataLayer):
    """Shared table logic; see ``IntegerLookup`` / ``StringLookup`` for the arguments."""

    def __init__(self, max_tokens, num_oov_indices, mask_token, oov_token, vocabulary_dtype,
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 sparse=False, pad_to_max_tokens=False, oov_method="floormod", name=None,
                 salt=None, **kwargs):
        frozen_size = kwargs.pop("vocabulary_size", None)
        has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        kwargs.pop("dtype", None)
        super().__init__(name=name, **kwargs)
        owner = self._owner()
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(f"{owner}: max_tokens must be > 1 when set, received {max_tokens}.")
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(f"{owner}: pad_to_max_tokens=True needs max_tokens to be set.")
        if num_oov_indices is None or num_oov_indices < 0:
            raise ValueError(
                f"{owner}: num_oov_indices must be >= 0, received {num_oov_indices!r}."
            )
        if oov_method not in ("floormod", "farmhash"):
            raise ValueError(
                f"{owner}: oov_method must be 'floormod' or 'farmhash', received "
                f"{oov_method!r}."
            )
        self.salt = normalize_salt(salt, owner)
        if self.salt is not None and vocabulary_dtype != "string" and oov_method != "farmhash":
            raise ValueError(f"{owner}: salt can only be used with oov_method='farmhash'.")
        output_mode = check_output_mode(owner, output_mode, MODES)
        if invert and output_mode != "int":
            raise ValueError(f"{owner}: invert=True needs output_mode='int', received "
                             f"{output_mode!r}.")
        reject_sparse(owner, sparse)
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError(f"{owner}: idf_weights are only used with output_mode='tf_idf'.")
        if output_mode == "tf_idf" and has_input_vocabulary and idf_weights is None:
            raise ValueError(
                f"{owner}: with output_mode='tf_idf' and a given vocabulary, idf_weights "
                "must be given too (one weight per vocabulary term)."
            )
        self.invert = bool(invert)
        self.max_tokens = max_tokens
        self.num_oov_indices = num_oov_indices
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.output_mode = output_mode
        self.sparse = False
        self.pad_to_max_tokens = bool(pad_to_max_tokens)
        self.vocabulary_dtype = vocabulary_dtype
        self.oov_method = oov_method
        self.input_vocabulary = vocabulary if not isinstance(vocabulary, str) else None
        self.input_idf_weights = idf_weights
        self._has_input_vocabulary = has_input_vocabulary
        self._frozen_vocab_size = frozen_size
        self._tokens = []
        self._table_dirty = True
        self._idf_weights = None
        self._saved_vocabulary = None
        self.reset_state(force=True)
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        self.autocast = False
        self.built = True

    def _owner(self):
        return f"{type(self).__name__} '{self.name}'"

    # ------------------------------------------------------------ layout
    def _oov_start_index(self):
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self):
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self) -> int:
        """Size of the vocabulary, mask and OOV indices included."""
        return len(self._tokens) + self._token_start_index()

    def get_vocabulary(self, include_special_tokens=True) -> list:
        """The vocabulary in index order (special tokens first unless excluded)."""
        vocab = [self.oov_token] * self._token_start_index() + list(self._tokens)
        if self.mask_token is not None and self.output_mode == "int":
            vocab[0] = self.mask_token
        if not include_special_tokens:
            vocab = vocab[self._token_start_index():]
        return vocab

    # -------------------------------------------------------- vocabulary
    def _convert_tokens(self, values) -> list:
        raise NotImplementedError

    def _read_vocabulary_file(self, path) -> list:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        while lines and lines[-1] == "":
            lines.pop()
        return lines

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Replace the vocabulary (a list/array of terms, or a text file with one term per
        line); ``idf_weights`` are required with ``output_mode="tf_idf"`` only."""
        owner = self._owner()
        if self.output_mode == "tf_idf" and idf_weights is None:
            raise ValueError(f"{owner}: idf_weights must be set when output_mode='tf_idf'.")
        if self.output_mode != "tf_idf" and idf_weights is not None:
            raise ValueError(f"{owner}: idf_weights are only used with output_mode='tf_idf'.")
        from_file = isinstance(vocabulary, str)
        if from_file:
            if self.output_mode == "tf_idf":
                raise ValueError(f"{owner}: output_mode='tf_idf' cannot read a vocabulary file.")
            vocabulary = self._read_vocabulary_file(vocabulary)
        vocabulary = self._convert_tokens(vocabulary)
        if not vocabulary:
            raise ValueError(f"{owner}: cannot set an empty vocabulary.")
        token_start = self._token_start_index()
        special = [self.mask_token] * self._oov_start_index() + [self.oov_token] * (
            self.num_oov_indices)
        found_special = vocabulary[:token_start] == special
        tokens = vocabulary[token_start:] if found_special else vocabulary
        repeated = [t for t, n in collections.Counter(tokens).items() if n > 1]
        if repeated:
            raise ValueError(
                f"{owner}: the vocabulary repeats terms {repeated}; every term must be unique."
            )
        for token, what in ((self.mask_token, "mask"), (self.oov_token, "OOV")):
            if token is not None and token in tokens and (what == "mask" or self.invert):
                raise ValueError(
                    f"{owner}: the reserved {what} token {token!r} appears inside the "
                    "vocabulary. Leave special tokens out, or put them only at the start, in "
                    f"this order: {special}."
                )
        size = token_start + len(tokens)
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError(
                f"{owner}: the vocabulary has {size} entries (special tokens included), more "
                f"than max_tokens={self.max_tokens}."
            )
        self._tokens = list(tokens)
        self._table_dirty = True
        self._saved_vocabulary = self.get_vocabulary() if from_file else None
        self._record_vocabulary_size()
        if self.output_mode == "tf_idf":
            self._set_idf(np.asarray(idf_weights, dtype="float64"), len(vocabulary),
                          found_special)

    def _set_idf(self, weights, vocab_length, found_special):
        owner = self._owner()
        if weights.ndim != 1 or len(weights) != vocab_length:
            raise ValueError(
                f"{owner}: idf_weights must be a 1-D list with one weight per vocabulary term "
                f"({vocab_length}), received shape {weights.shape}."
            )
        front = 0 if found_special else self._token_start_index()
        front_value = 0.0 if found_special else float(np.average(weights))
        back = 0
        if self.pad_to_max_tokens:
            back = self.max_tokens - front - len(weights)
        self._idf_weights = np.pad(weights, (front, back), constant_values=(front_value, 0.0))
        self._idf_weights = self._idf_weights.astype(config.floatx())

    def _record_vocabulary_size(self):
        size = self.vocabulary_size()
        if (self.output_mode != "int" and not self.pad_to_max_tokens
                and self._frozen_vocab_size is not None and size != self._frozen_vocab_size):
            raise RuntimeError(
                f"{self._owner()}: with output_mode={self.output_mode!r} and "
                "pad_to_max_tokens=False the vocabulary size cannot change once set (it "
                f"fixes the output size): it was {self._frozen_vocab_size}, now {size}."
            )
        self._frozen_vocab_size = size

    # ------------------------------------------------------------- adapt
    def adapt(self, data, steps=None):
        """Learn the vocabulary from ``data``: terms sorted by frequency (ties: higher term
        first), truncated to ``max_tokens``; with ``tf_idf``, also the IDF weights.

        ``data``: a list or array (each element of a 1-D one is one document), or any
        iterable of batches (each batch row is a document); ``steps`` caps the batches.
        """
        one_batch = isinstance(data, (list, tuple, np.ndarray, jax.Array)) or not hasattr(
            data, "__iter__"
        )
        run_adapt(self, data, steps, self._adapt_rows if one_batch else None)

    def _adapt_rows(self, data):
        return document_rows(self._adapt_array(data))

    def _adapt_array(self, data):
        return np.asarray(data)

    def update_state(self, data):
        """Count the terms of one batch of documents (rows)."""
        if self._has_input_vocabulary:
            raise ValueError(
                f"Cannot adapt {self._owner()}: it was given a vocabulary. Create it without "
                "`vocabulary` to learn one from data."
            )
        documents = self._documents(data)
        for document in documents:
            self._token_counts.update(document)
            if self.output_mode == "tf_idf":
                self._document_counts.update(set(document))
        self._num_documents += len(documents)

    def _documents(self, data) -> list:
        """A batch as a list of documents, each a list of terms."""
        if isinstance(data, list) and data and isinstance(data[0], list):
            return [self._convert_tokens(d) for d in data]
        array = self._adapt_array(data)
        if array.ndim <= 1:
            return [self._convert_tokens(array.reshape(-1))]
        return [self._convert_tokens(row.reshape(-1)) for row in array]

    def finalize_state(self):
        if self._has_input_vocabulary or not self._token_counts:
            if not self._has_input_vocabulary:
                self._record_vocabulary_size()
            return
        counts = dict(self._token_counts)
        for special in (self.mask_token, self.oov_token):
            counts.pop(special, None)
        ordered = sorted(counts.items(), key=lambda item: (item[1], item[0]), reverse=True)
        if self.max_tokens:
            ordered = ordered[: self.max_tokens - self._token_start_index()]
        self._tokens = [token for token, _ in ordered]
        self._table_dirty = True
        if self.output_mode == "tf_idf":
            doc_counts = np.array([self._document_counts[t] for t in self._tokens], "float64")
            idf = np.log(1.0 + self._num_documents / (1.0 + doc_counts)).astype(config.floatx())
            mean = np.mean(idf) if idf.size else 0.0
            idf = np.pad(idf, (self._token_start_index(), 0), constant_values=mean)
            if self.pad_to_max_tokens:
                idf = np.pad(idf, (0, self.max_tokens - idf.size))
            self._idf_weights = idf.astype(config.floatx())
        self._saved_vocabulary = self.get_vocabulary()
        self.reset_state()
        self._record_vocabulary_size()

    def reset_state(self, force=False):
        if self._has_input_vocabulary and not force:
            return
        self._token_counts = collections.Counter()
        self._document_counts = collections.Counter()
        self._num_documents = 0

    # ------------------------------------------------------------ lookup
    def _depth(self):
        return self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()

    def _check_known_size(self):
        if self.output_mode != "int" and not self.pad_to_max_tokens and not self._tokens:
            raise RuntimeError(
                f"{self._owner()}: with output_mode={self.output_mode!r} and "
                "pad_to_max_tokens=False, set the vocabulary before calling the layer: pass "
                "vocabulary=... or call adapt(data)."
            )

    def _table(self, xp, key_dtype):
        """(sorted keys, index of each key), rebuilt only when the vocabulary changes."""
        if self._table_dirty:
            keys = np.asarray(self._tokens, dtype=key_dtype)
            order = np.argsort(keys, kind="stable")
            indices = (order + self._token_start_index()).astype(np.int32)
            self._table_cache = (keys[order], indices)
            self._table_dirty = False
        keys, indices = self._table_cache
        return xp.asarray(keys), xp.asarray(indices)

    def _lookup_ids(self, xp, values, key_dtype, oov_hasher):
        """Indices of ``values`` (jnp or np arrays), with mask and OOV handling."""
        keys, indices = self._table(xp, key_dtype)
        mask_value = 0 if self.output_mode == "int" else -1
        default = self._oov_start_index() if self.num_oov_indices == 1 else -1
        if keys.size:
            position = xp.clip(xp.searchsorted(keys, values), 0, keys.size - 1)
            found = keys[position] == values
            ids = xp.where(found, indices[position], default)
        else:
            found = xp.zeros(values.shape, dtype=bool)
            ids = xp.full(values.shape, default, dtype=np.int32)
        masked = (values == self.mask_token) if self.mask_token is not None else None
        if masked is not None:
            ids = xp.where(masked, mask_value, ids)
        if self.num_oov_indices == 0:
            self._check_no_oov(values, found, masked)
        elif self.num_oov_indices > 1:
            oov = oov_hasher(values) + self._oov_start_index()
            is_oov = ~found if masked is None else ~found & ~masked
            ids = xp.where(is_oov, oov, ids)
        return ids.astype(np.int32)

    def _check_no_oov(self, values, found, masked):
        if isinstance(found, jax.core.Tracer):
            return  # inside jit: cannot check; OOV values keep index -1
        oov = ~np.asarray(found)
        if masked is not None:
            oov &= ~np.asarray(masked)
        if oov.any():
            examples = np.asarray(values)[oov].reshape(-1)[:5].tolist()
            raise ValueError(
                f"{self._owner()}: with num_oov_indices=0 every input must be in the "
                f"vocabulary, found out-of-vocabulary values {examples}. Set "
                "num_oov_indices=1 (or more) to map them to OOV indices."
            )

    def _encode(self, ids):
        if self.output_mode == "int":
            return ids.astype(jax.dtypes.canonicalize_dtype("int64"))
        self._check_known_size()
        mode = "count" if self.output_mode == "tf_idf" else self.output_mode
        out = encode(ids, mode, self._depth(), config.floatx())
        if self.output_mode == "tf_idf":
            out = out * jnp.asarray(self._idf_weights)
        return out

    def _string_oov(self, values):
        return hash_buckets(values, self.num_oov_indices, self.salt).astype(np.int32)

    def _int_oov(self, values):
        if isinstance(values, np.ndarray):
            if self.oov_method == "floormod":
                return np.mod(values, self.num_oov_indices).astype(np.int32)
            return self._string_oov(values)
        if self.oov_method == "floormod":
            return jnp.mod(values, self.num_oov_indices).astype(np.int32)
        return host_hash_buckets(values, self.num_oov_indices, self.salt)

    def _invert_table(self):
        return self.get_vocabulary()

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.output_mode == "int":
            return input_shape
        if self.output_mode == "one_hot":
            if len(input_shape) > 1 and input_shape[-1] == 1:
                return input_shape[:-1] + (self._depth(),)
            return input_shape + (self._depth(),)
        return input_shape[:-1] + (self._depth(),)

    # ------------------------------------------------------------ config
    def get_config(self):
        vocabulary = self.input_vocabulary
        idf_weights = self.input_idf_weights
        if vocabulary is None and self._saved_vocabulary is not None:
            vocabulary = list(self._saved_vocabulary)
            if self.output_mode == "tf_idf" and self._idf_weights is not None:
                idf_weights = self._idf_weights[: len(vocabulary)].tolist()
        return {
            **super().get_config(),
            "invert": self.invert,
            "max_tokens": self.max_tokens,
            "num_oov_indices": self.num_oov_indices,
            "oov_token": self.oov_token,
            "mask_token": self.mask_token,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "pad_to_max_tokens": self.pad_to_max_tokens,
            "vocabulary_dtype": self.vocabulary_dtype,
            "idf_weights": _listify(idf_weights),
            "vocabulary": _listify(vocabulary),
            "vocabulary_size": self._frozen_vocab_size,
            "oov_method": self.oov_method,
            "salt": self.salt,
        }


def _listify(value):
    if value is None:
        return None
    return np.asarray(value).tolist() if not isinstance(value, list) else list(value)
