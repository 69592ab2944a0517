"""``AdditiveAttention``: Bahdanau-style attention over ``[query, value(, key)]``.

>>> import numpy as np
>>> q, v = np.ones((2, 3, 4), "float32"), np.ones((2, 5, 4), "float32")
>>> AdditiveAttention()([q, v]).shape
(2, 3, 4)
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.attention.attention import Attention


@register_builtin
class AdditiveAttention(Attention):
    """Attention with scores ``sum(scale * tanh(query + key), axis=-1)``.

    Args:
        use_scale: learn a ``scale`` vector of the features' size (init
            ``glorot_uniform``); without it the scale is 1.
        dropout: dropout rate on the attention weights (training only).
        seed: int seed of the dropout.

    Call arguments, masks and outputs are those of :class:`Attention`.

    >>> import numpy as np
    >>> layer = AdditiveAttention()
    >>> _ = layer([np.ones((1, 2, 3), "float32")] * 2)
    >>> [(w.name, w.shape) for w in layer.weights]
    [('scale', (3,))]
    """

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        kwargs.pop("score_mode", None)
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def _create_weights(self, query_shape):
        if query_shape[-1] is None:
            raise ValueError(f"{self._owner}: the last axis of the query must be known to "
                             f"create the scale, received query shape {query_shape}.")
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(query_shape[-1],),
                                         initializer="glorot_uniform")

    def _scores(self, query, key):
        summed = jnp.tanh(query[..., :, None, :] + key[..., None, :, :])
        if self.scale is not None:
            summed = self.scale.value * summed
        return jnp.sum(summed, axis=-1)

    def get_config(self):
        config = super().get_config()
        del config["score_mode"]
        return config
