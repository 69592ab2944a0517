"""``TextVectorization``: raw text -> token indices or bag-of-words vectors (eager, numpy).

>>> layer = TextVectorization(output_sequence_length=4)
>>> layer.adapt(["foo bar", "bar baz", "baz bada boom"])
>>> layer([["foo qux bar"], ["qux baz"]]).tolist()
[[4, 1, 3, 0], [1, 2, 0, 0]]
"""

import re

import jax.numpy as jnp
import numpy as np

from lamina._registry import deserialize_keras_object, register_builtin, serialize_keras_object
from lamina.layers.preprocessing._data_layer import (
    DataLayer,
    document_rows,
    run_adapt,
    to_str_array,
)
from lamina.layers.preprocessing._encoding import check_output_mode, reject_sparse
from lamina.layers.preprocessing.string_lookup import StringLookup

_PUNCTUATION = re.compile(r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')
_WHITESPACE = re.compile(r"[^ \t\n\v\f\r]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")


@register_builtin
class TextVectorization(DataLayer):
    """Standardize, split, form n-grams, then look the tokens up in a vocabulary.

    Args:
        max_tokens: maximum vocabulary size, including the padding token ``""`` (index 0)
            and the OOV token ``"[UNK]"`` (index 1).
        standardize: ``"lower_and_strip_punctuation"`` (default), ``"lower"``,
            ``"strip_punctuation"``, None, or a callable taking and returning a numpy
            array of strings. Lowercasing is ASCII-only and the punctuation set is
            ``!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~'``, as TensorFlow does for Keras.
        split: ``"whitespace"`` (default; ASCII whitespace), ``"character"``, None (each
            string is one token), or a callable mapping a 1-D numpy string array to a
            list of token lists.
        ngrams: None, an int ``n`` (all 1..n-grams) or a tuple of widths; n-grams are
            joined with a space and listed width by width.
        output_mode: ``"int"`` (token indices, padded with 0), ``"multi_hot"``,
            ``"count"``, ``"tf_idf"``, or ``"one_hot"`` (one vector per token).
        output_sequence_length: with ``"int"``, pad or truncate every row to this length
            (default: the longest row of the batch).
        pad_to_max_tokens: make vector outputs ``max_tokens`` wide.
        vocabulary, idf_weights: a fixed vocabulary (list or text file) and its IDF
            weights (``tf_idf``).
        sparse, ragged: only ``False`` (ragged/sparse outputs need TensorFlow in Keras).
        encoding: used to decode byte strings.

    Runs **eagerly with numpy** in the data pipeline (strings cannot live in JAX
    arrays); outputs are jax arrays. Calling it on a symbolic tensor raises an error.
    After :meth:`adapt`, ``get_config()`` records the learned vocabulary (see
    ``_index_lookup``).

    >>> TextVectorization(vocabulary=["foo", "bar"]).get_vocabulary()
    ['', '[UNK]', 'foo', 'bar']
    """

    string_only = True

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation",
                 split="whitespace", ngrams=None, output_mode="int",
                 output_sequence_length=None, pad_to_max_tokens=False, vocabulary=None,
                 idf_weights=None, sparse=False, ragged=False, encoding="utf-8", name=None,
                 **kwargs):
        has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        super().__init__(name=name, **kwargs)
        owner = f"TextVectorization '{self.name}'"
        if not (standardize is None or callable(standardize) or standardize in _STANDARDIZE):
            raise ValueError(f"{owner}: standardize must be one of {_STANDARDIZE}, None or a "
                             f"callable, received {standardize!r}.")
        if not (split is None or callable(split) or split in _SPLIT):
            raise ValueError(f"{owner}: split must be one of {_SPLIT}, None or a callable, "
                             f"received {split!r}.")
        output_mode = check_output_mode(
            owner, output_mode, ("int", "one_hot", "multi_hot", "count", "tf_idf"))
        if isinstance(ngrams, list):
            ngrams = tuple(ngrams)
        if not (ngrams is None or _is_int(ngrams) or isinstance(ngrams, tuple)
                and all(_is_int(n) for n in ngrams)):
            raise ValueError(f"{owner}: ngrams must be None, an int or a tuple of ints, "
                             f"received {ngrams!r}.")
        if output_mode == "int" and not (output_sequence_length is None
                                         or _is_int(output_sequence_length)):
            raise ValueError(f"{owner}: output_sequence_length must be None or an int, "
                             f"received {output_sequence_length!r}.")
        if output_mode != "int" and output_sequence_length is not None:
            raise ValueError(f"{owner}: output_sequence_length only applies to "
                             f"output_mode='int', received output_mode={output_mode!r}.")
        reject_sparse(owner, sparse)
        if ragged:
            raise ValueError(f"{owner}: ragged=True needs TensorFlow ragged tensors; lamina "
                             "pads the rows instead (ragged=False).")
        self._standardize = standardize
        self._split = split
        self._ngrams_arg = ngrams
        self._ngrams = tuple(range(1, ngrams + 1)) if _is_int(ngrams) else ngrams
        self._output_mode = output_mode
        self._output_sequence_length = output_sequence_length
        self._encoding = encoding
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens, vocabulary=vocabulary, idf_weights=idf_weights,
            pad_to_max_tokens=pad_to_max_tokens, mask_token="", output_mode=output_mode,
            has_input_vocabulary=has_input_vocabulary, encoding=encoding,
            vocabulary_size=vocabulary_size,
        )

    # ------------------------------------------------------------ vocabulary
    def adapt(self, data, batch_size=None, steps=None):
        """Learn the vocabulary (and IDF weights) from texts: a list/array of strings,
        or an iterable of batches; ``steps`` caps the batches read."""
        one_batch = isinstance(data, (list, tuple, np.ndarray)) or not hasattr(data, "__iter__")
        run_adapt(self, data, steps, self._adapt_rows if one_batch else None)

    def _adapt_rows(self, data):
        return document_rows(to_str_array(data, self._encoding, owner=self._owner()))

    def update_state(self, data):
        self._lookup_layer.update_state(self._preprocess(data)[1])

    def finalize_state(self):
        self._lookup_layer.finalize_state()

    def reset_state(self):
        self._lookup_layer.reset_state()

    def get_vocabulary(self, include_special_tokens=True):
        """The vocabulary in index order (``""`` and ``"[UNK]"`` first unless excluded)."""
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self):
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Replace the vocabulary (list or file path) and, for ``tf_idf``, the weights."""
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights=idf_weights)

    # ------------------------------------------------------------- pipeline
    def _owner(self):
        return f"TextVectorization '{self.name}'"

    def _standardized(self, strings):
        if callable(self._standardize):
            return to_str_array(self._standardize(strings), self._encoding, self._owner())
        if self._standardize is None:
            return strings
        flat = strings.reshape(-1).tolist()
        if self._standardize in ("lower", "lower_and_strip_punctuation"):
            flat = [s.translate(_ASCII_LOWER) for s in flat]
        if self._standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
            flat = [_PUNCTUATION.sub("", s) for s in flat]
        return np.asarray(flat, dtype=str).reshape(strings.shape)

    def _split_rows(self, strings):
        if strings.ndim > 1:
            if strings.shape[-1] != 1:
                raise ValueError(
                    f"{self._owner()}: to split strings, the input must be 1-D or have a last "
                    f"axis of size 1, received shape {strings.shape}."
                )
            strings = strings[..., 0]
        if strings.ndim != 1:
            strings = strings.reshape(-1)
        if callable(self._split):
            return [[str(t) for t in row] for row in self._split(strings)]
        if self._split == "whitespace":
            return [_WHITESPACE.findall(s) for s in strings.tolist()]
        return [list(s) for s in strings.tolist()]

    def _ngram_rows(self, rows):
        out = []
        for row in rows:
            grams = []
            for width in self._ngrams:
                grams.extend(" ".join(row[i:i + width]) for i in range(len(row) - width + 1))
            out.append(grams)
        return out

    def _preprocess(self, inputs):
        """("dense", string array) or ("rows", list of token lists)."""
        strings = self._standardized(to_str_array(inputs, self._encoding, self._owner()))
        if self._split is None:
            if self._ngrams is None:
                return "dense", strings
            matrix = strings.reshape(-1, strings.shape[-1]) if strings.ndim > 1 else (
                strings.reshape(1, -1))
            rows = [[str(t) for t in row] for row in matrix.tolist()]
        else:
            rows = self._split_rows(strings)
        if self._ngrams is not None:
            rows = self._ngram_rows(rows)
        return "rows", rows

    def _call_strings(self, inputs):
        scalar = np.ndim(inputs) == 0 and self._split is not None
        kind, tokens = self._preprocess([inputs] if scalar else inputs)
        lookup = self._lookup_layer
        if kind == "dense":
            ids = lookup.lookup_numpy(tokens)
            if self._output_mode == "int" and self._output_sequence_length is not None:
                ids = _fit_length(ids, self._output_sequence_length, 0)
        else:
            flat = np.asarray([t for row in tokens for t in row], dtype=str)
            flat_ids = lookup.lookup_numpy(flat) if flat.size else np.zeros(0, np.int32)
            length = max((len(row) for row in tokens), default=0)
            if self._output_mode == "int" and self._output_sequence_length is not None:
                length = self._output_sequence_length
            fill = 0 if self._output_mode == "int" else -1
            ids = np.full((len(tokens), length), fill, dtype=np.int32)
            start = 0
            for i, row in enumerate(tokens):
                n = min(len(row), length)
                ids[i, :n] = flat_ids[start:start + n]
                start += len(row)
        out = lookup._encode(jnp.asarray(ids))
        return out[0] if scalar else out

    def call(self, inputs):
        return self._call_strings(np.asarray(inputs))

    # --------------------------------------------------------------- config
    def get_config(self):
        lookup_config = self._lookup_layer.get_config()
        return {
            **super().get_config(),
            "max_tokens": self._lookup_layer.max_tokens,
            "standardize": _serialize_callable(self._standardize),
            "split": _serialize_callable(self._split),
            "ngrams": self._ngrams_arg,
            "output_mode": self._output_mode,
            "output_sequence_length": self._output_sequence_length,
            "pad_to_max_tokens": self._lookup_layer.pad_to_max_tokens,
            "sparse": False,
            "ragged": False,
            "vocabulary": lookup_config["vocabulary"],
            "idf_weights": lookup_config["idf_weights"],
            "encoding": self._encoding,
            "vocabulary_size": self.vocabulary_size(),
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("standardize", "split"):
            if config.get(key) is not None and not isinstance(config[key], str):
                config[key] = deserialize_keras_object(config[key])
        if isinstance(config.get("ngrams"), list):
            config["ngrams"] = tuple(config["ngrams"])
        return cls(**config)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _serialize_callable(value):
    return serialize_keras_object(value) if callable(value) else value


def _fit_length(ids, length, fill):
    """Truncate or pad the last axis of ``ids`` to ``length``."""
    ids = ids[..., :length]
    pad = length - ids.shape[-1]
    if pad > 0:
        ids = np.pad(ids, [(0, 0)] * (ids.ndim - 1) + [(0, pad)], constant_values=fill)
    return ids
