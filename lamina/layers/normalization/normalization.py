"""``Normalization``: standardize features with a mean and variance learned by ``adapt``.

>>> import numpy as np
>>> layer = Normalization()
>>> layer.adapt(np.array([[1.0], [2.0], [3.0]]))
>>> np.asarray(layer(np.array([[2.0], [4.0]])), dtype=float).round(4).tolist()
[[0.0], [2.4495]]
"""

import math

import jax.numpy as jnp
import numpy as np

from lamina import config
from lamina._registry import register_builtin
from lamina.layers.layer import Layer


@register_builtin
class Normalization(Layer):
    """``(x - mean) / sqrt(variance)`` per position of the kept ``axis`` (Keras 3).

    The statistics come either from the constructor (``mean``/``variance``, scalars or
    arrays broadcast against the kept axes; no weights are created) or from
    :meth:`adapt`, which stores them in the non-trainable weights ``mean``,
    ``variance`` and ``count`` (Keras names and order; ``count`` stays 0 as in Keras).
    ``sqrt(variance)`` is floored at ``config.epsilon()``.

    Args:
        axis: int, tuple of ints, or None. The axes that keep their own statistics
            (default -1: one mean/variance per feature); the others are reduced.
            ``None`` computes a single scalar mean and variance.
        mean, variance: optional fixed statistics (both or neither).
        invert: apply the inverse transformation, ``mean + x * sqrt(variance)``.

    Integer inputs are cast to the layer's float dtype. Masks pass through.

    >>> import numpy as np
    >>> Normalization(mean=2.0, variance=4.0, invert=True)(np.array([[1.0]])).tolist()
    [[4.0]]
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int) and not isinstance(axis, bool):
            axis = (axis,)
        else:
            try:
                axis = tuple(axis)
            except TypeError:
                axis = (None,)
            if any(isinstance(a, bool) or not isinstance(a, int) for a in axis):
                raise ValueError(
                    f"Normalization '{self.name}': axis must be an int, a tuple of ints or "
                    f"None, received axis={axis!r}."
                )
        self.axis = axis
        if (mean is None) != (variance is None):
            raise ValueError(
                f"Normalization '{self.name}': pass both mean and variance, or neither (and "
                f"call adapt()); received mean={mean!r}, variance={variance!r}."
            )
        if mean is not None:
            if np.shape(mean) != np.shape(variance):
                raise ValueError(
                    f"Normalization '{self.name}': mean and variance must have the same shape,"
                    f" received {np.shape(mean)} and {np.shape(variance)}."
                )
            if np.ndim(mean) > len(self.axis):
                raise ValueError(
                    f"Normalization '{self.name}': mean has rank {np.ndim(mean)} but only "
                    f"{len(self.axis)} axes are kept (axis={self.axis}); its rank must be at "
                    "most the number of kept axes."
                )
        self.input_mean = mean
        self.input_variance = variance
        self.invert = bool(invert)
        self.supports_masking = True
        self.adapt_mean = self.adapt_variance = self.count = None
        self._fixed_mean = self._fixed_variance = None  # given statistics, broadcast shape
        self._keep_axis = self._reduce_axis = None
        self._broadcast_shape = None
        self._build_input_shape = None

    # ------------------------------------------------------------------ build
    def build(self, input_shape):
        input_shape = tuple(input_shape)
        ndim = len(input_shape)
        if any(not -ndim <= a < ndim for a in self.axis):
            raise ValueError(
                f"Normalization '{self.name}': axis={self.axis} is out of range for inputs "
                f"of shape {input_shape} (rank {ndim})."
            )
        keep = tuple(sorted(a % ndim for a in self.axis))
        unknown = [d for d in keep if input_shape[d] is None]
        if unknown:
            raise ValueError(
                f"Normalization '{self.name}': the kept axes {keep} must have known sizes, "
                f"received input_shape={input_shape} (axis {unknown[0]} is unknown)."
            )
        self._build_input_shape = input_shape
        self._keep_axis = keep
        self._reduce_axis = tuple(d for d in range(ndim) if d not in keep)
        self._broadcast_shape = tuple(input_shape[d] if d in keep else 1 for d in range(ndim))
        stats_shape = tuple(input_shape[d] for d in keep)
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(
                name="mean", shape=stats_shape, initializer="zeros", trainable=False)
            self.adapt_variance = self.add_weight(
                name="variance", shape=stats_shape, initializer="ones", trainable=False)
            self.count = self.add_weight(
                name="count", shape=(), dtype="int32", initializer="zeros", trainable=False)
        else:
            self._fixed_mean = self._fixed(self.input_mean, ndim)
            self._fixed_variance = self._fixed(self.input_variance, ndim)
        self.built = True

    def _fixed(self, value, ndim):
        value = np.asarray(value, dtype=self.dtype)
        if value.ndim:
            expanded = [1] * ndim
            for i in range(1, value.ndim + 1):
                expanded[self._keep_axis[-i]] = value.shape[-i]
            try:
                value = np.broadcast_to(value.reshape(expanded), self._broadcast_shape)
            except ValueError:
                raise ValueError(
                    f"Normalization '{self.name}': a mean/variance of shape {value.shape} does "
                    f"not fit the kept axes {self._keep_axis} of shape "
                    f"{tuple(self._build_input_shape[d] for d in self._keep_axis)}."
                ) from None
        return jnp.asarray(np.broadcast_to(value, self._broadcast_shape))

    # ------------------------------------------------------------------ adapt
    def adapt(self, data, batch_size=None, steps=None):
        """Compute ``mean``/``variance`` over ``data`` and store them in the weights.

        Args:
            data: a numpy/jax array (one batch: every sample counts), or an iterable
                of array batches (a list, a generator...), combined exactly with
                running weighted statistics. Tuples ``(x, y)`` yielded by an iterable
                use ``x``.
            batch_size: optional; an array is then processed in chunks of this many
                samples (same result, less memory).
            steps: optional; only the first ``steps`` batches are used.

        >>> import numpy as np
        >>> layer = Normalization(axis=None)
        >>> layer.adapt([np.array([0.0, 2.0]), np.array([4.0, 6.0])])
        >>> float(layer.adapt_mean.numpy()), float(layer.adapt_variance.numpy())
        (3.0, 5.0)
        """
        if self.input_mean is not None:
            raise ValueError(
                f"Normalization '{self.name}': adapt() cannot change statistics given as "
                "mean=/variance= arguments. Create the layer without them to adapt it."
            )
        batches = self._batches(data, batch_size, steps)
        first = next(batches, None)
        if first is None:
            raise ValueError(
                f"Normalization '{self.name}': adapt() received no data (an empty iterable "
                "or steps=0). Pass at least one batch."
            )
        if not self.built:
            self.build(first.shape)
            self._build_shapes = {"input_shape": tuple(first.shape)}
        total_mean = total_var = None
        total_count = 0
        for batch in _chain(first, batches):
            self._check_batch(batch)
            batch_mean = np.mean(batch, axis=self._reduce_axis)
            batch_var = np.var(batch, axis=self._reduce_axis)
            count = math.prod(batch.shape[d] for d in self._reduce_axis)
            if count == 0:
                continue
            if total_mean is None:
                total_mean, total_var, total_count = batch_mean, batch_var, count
                continue
            total_count += count
            weight = count / total_count
            new_mean = total_mean * (1 - weight) + batch_mean * weight
            total_var = (total_var + (total_mean - new_mean) ** 2) * (1 - weight) + (
                batch_var + (batch_mean - new_mean) ** 2) * weight
            total_mean = new_mean
        if total_mean is None:
            raise ValueError(f"Normalization '{self.name}': adapt() received only empty batches.")
        self.adapt_mean.assign(np.asarray(total_mean, self.adapt_mean.dtype))
        self.adapt_variance.assign(np.asarray(total_var, self.adapt_variance.dtype))

    def _batches(self, data, batch_size, steps):
        if isinstance(data, (np.ndarray, np.generic)) or hasattr(data, "__array__") and hasattr(
                data, "shape"):
            array = np.asarray(data)
            if batch_size is None:
                chunks = iter([array])
            else:
                chunks = (array[i:i + batch_size] for i in range(0, len(array), batch_size))
        elif hasattr(data, "__iter__") and not isinstance(data, (str, bytes, dict)):
            chunks = (_first_element(b, self.name) for b in data)
        else:
            raise TypeError(
                f"Normalization '{self.name}': adapt() accepts a numpy/jax array or an "
                f"iterable of array batches, received {type(data).__name__}."
            )
        if steps is not None:
            chunks = (c for _, c in zip(range(steps), chunks))
        # Statistics are accumulated in float64, then stored in the weights' dtype.
        return (np.asarray(c, dtype=np.float64) for c in chunks)

    def _check_batch(self, batch):
        expected = self._build_input_shape
        if batch.ndim != len(expected) or any(
                batch.shape[d] != expected[d] for d in self._keep_axis):
            raise ValueError(
                f"Normalization '{self.name}': adapt() received a batch of shape "
                f"{tuple(batch.shape)}, incompatible with the layer's input shape {expected} "
                f"(kept axes {self._keep_axis} must match)."
            )

    # ------------------------------------------------------------------ call
    @property
    def mean(self):
        """The mean in the inputs' broadcast shape (None before ``build``), as in Keras."""
        if self._fixed_mean is not None or self.adapt_mean is None:
            return self._fixed_mean
        return self.adapt_mean.value.reshape(self._broadcast_shape)

    @property
    def variance(self):
        """The variance in the inputs' broadcast shape (None before ``build``)."""
        if self._fixed_variance is not None or self.adapt_variance is None:
            return self._fixed_variance
        return self.adapt_variance.value.reshape(self._broadcast_shape)

    def call(self, inputs):
        dtype = self.compute_dtype
        inputs = inputs.astype(dtype)
        mean, variance = self.mean.astype(dtype), self.variance.astype(dtype)
        scale = jnp.maximum(jnp.sqrt(variance), jnp.asarray(config.epsilon(), dtype))
        if self.invert:
            return mean + inputs * scale
        return (inputs - mean) / scale

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "invert": self.invert,
            "mean": np.array(self.input_mean).tolist(),
            "variance": np.array(self.input_variance).tolist(),
        }


def _first_element(batch, name):
    if isinstance(batch, (tuple, list)) and batch and hasattr(batch[0], "shape"):
        return batch[0]
    if not hasattr(batch, "shape"):
        raise TypeError(
            f"Normalization '{name}': adapt() expects batches that are arrays (or (x, y) "
            f"tuples), received an element of type {type(batch).__name__}."
        )
    return batch


def _chain(first, rest):
    yield first
    yield from rest
