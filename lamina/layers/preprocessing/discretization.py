"""``Discretization``: bucket continuous values by bin boundaries (given or adapted).

>>> import numpy as np
>>> layer = Discretization(bin_boundaries=[0.0, 1.0, 2.0])
>>> layer(np.array([[-1.5, 1.0, 3.4, 0.5]])).tolist()
[[0, 2, 3, 1]]
>>> adapted = Discretization(num_bins=4, epsilon=0.01)
>>> adapted.adapt(np.arange(100.0))
>>> [round(b, 3) for b in adapted.bin_boundaries]
[24.0, 49.0, 74.0]
"""

import jax.numpy as jnp
import numpy as np

from lamina._registry import register_builtin
from lamina.layers.layer import Layer
from lamina.layers.preprocessing import _quantiles
from lamina.layers.preprocessing._data_layer import run_adapt
from lamina.layers.preprocessing._encoding import check_output_mode, encode, reject_sparse


@register_builtin
class Discretization(Layer):
    """Maps each value ``x`` to the index ``i`` with ``b[i-1] <= x < b[i]``.

    Args:
        bin_boundaries: sorted list of boundaries; ``len(bin_boundaries) + 1`` bins
            (values below the first boundary go to bin 0).
        num_bins: number of bins to learn with :meth:`adapt` (exclusive with
            ``bin_boundaries``).
        epsilon: error tolerance of the adapted quantiles (smaller: more exact, more
            memory). Default 0.01.
        output_mode: ``"int"`` (bin indices, int32), ``"one_hot"``, ``"multi_hot"`` or
            ``"count"`` (float vectors over the bins, as ``CategoryEncoding``).
        sparse: only ``False``.

    After :meth:`adapt`, ``bin_boundaries`` holds the learned boundaries and is written
    in ``get_config`` (Keras does the same), so a reloaded layer buckets identically.
    Masks are refused.

    >>> sorted(Discretization(num_bins=2).get_config())[:3]
    ['bin_boundaries', 'dtype', 'epsilon']
    """

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int",
                 sparse=False, dtype=None, name=None, **kwargs):
        super().__init__(dtype=dtype, name=name, **kwargs)
        owner = f"Discretization '{self.name}'"
        reject_sparse(owner, sparse)
        self.output_mode = check_output_mode(owner, output_mode)
        if num_bins is not None and (isinstance(num_bins, bool) or num_bins < 0):
            raise ValueError(f"{owner}: num_bins must be >= 0, received num_bins={num_bins!r}.")
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(
                f"{owner}: set either bin_boundaries or num_bins, not both (received "
                f"bin_boundaries={bin_boundaries!r}, num_bins={num_bins!r})."
            )
        if num_bins is None and bin_boundaries is None:
            raise ValueError(
                f"{owner}: set bin_boundaries (a sorted list), or num_bins and then call "
                "adapt(data)."
            )
        if bin_boundaries is not None:
            bin_boundaries = [float(b) for b in np.asarray(bin_boundaries).reshape(-1)]
            if any(b > a for b, a in zip(bin_boundaries, bin_boundaries[1:])):
                raise ValueError(
                    f"{owner}: bin_boundaries must be sorted in increasing order, received "
                    f"{bin_boundaries}."
                )
        self.bin_boundaries = bin_boundaries
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.sparse = False
        self.summary = None if bin_boundaries else _quantiles.empty_summary()
        self.built = True

    # ------------------------------------------------------------------ adapt
    def adapt(self, data, steps=None):
        """Learn ``num_bins`` quantile boundaries from ``data``.

        ``data``: a numpy/jax array (one batch), or any iterable of batches (a list is
        iterated element by element, as Keras does); ``steps`` caps the batches read.
        """
        if self.num_bins is None:
            raise ValueError(
                f"Discretization '{self.name}' was built with bin_boundaries; only a layer "
                "built with num_bins can adapt. Create it with num_bins=... instead."
            )
        run_adapt(self, data, steps, np.asarray if _is_one_batch(data) else None)

    def update_state(self, data):
        data = np.asarray(data).astype("float32")
        self.summary = _quantiles.merge(
            _quantiles.summarize(data, self.epsilon), self.summary, self.epsilon
        )

    def finalize_state(self):
        if self.num_bins is not None:
            self.bin_boundaries = _quantiles.bin_boundaries(self.summary, self.num_bins).tolist()

    def reset_state(self):
        if self.num_bins is not None:
            self.summary = _quantiles.empty_summary()

    # ------------------------------------------------------------------- call
    @property
    def output_dtype(self):
        return "int32" if self.output_mode == "int" else self.compute_dtype

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError(
                f"Discretization '{self.name}' has no bin boundaries yet: pass "
                "bin_boundaries=... when creating it, or call adapt(data) before using it."
            )
        boundaries = jnp.asarray(self.bin_boundaries, dtype=self.compute_dtype)
        indices = jnp.digitize(jnp.asarray(inputs), boundaries).astype("int32")
        return encode(indices, self.output_mode, len(self.bin_boundaries) + 1,
                      self.output_dtype)

    def get_config(self):
        return {
            "bin_boundaries": self.bin_boundaries,
            "num_bins": self.num_bins,
            "epsilon": self.epsilon,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.dtype,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if config.get("bin_boundaries") is not None and config.get("num_bins") is not None:
            boundaries = config.pop("bin_boundaries")
            layer = cls(**config)
            layer.bin_boundaries = [float(b) for b in boundaries]
            return layer
        return cls(**config)


def _is_one_batch(data) -> bool:
    """Arrays (numpy, jax, anything with ``__array__``) are one batch; other iterables
    (lists, generators, datasets) yield batches."""
    if isinstance(data, (list, tuple)) or hasattr(data, "__next__"):
        return False
    return hasattr(data, "__array__") or not hasattr(data, "__iter__")
