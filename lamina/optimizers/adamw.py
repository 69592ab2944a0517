"""``AdamW``: Adam with decoupled weight decay (on by default).

The decay is the base optimizer's Keras-style decoupled step,
``var -= var * weight_decay * learning_rate`` before the Adam update (Loshchilov &
Hutter); the Adam maths is :class:`~lamina.optimizers.adam.Adam`'s.

>>> AdamW().weight_decay
0.004
"""

from lamina._registry import register_builtin
from lamina.optimizers._base_arguments import base_arguments
from lamina.optimizers.adam import Adam


@register_builtin
class AdamW(Adam):
    """Adam with decoupled weight decay; ``weight_decay`` must be a float.

    >>> AdamW(weight_decay=0.1).get_config()["weight_decay"]
    0.1
    """

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-7, amsgrad=False, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(**base_arguments(locals(), Adam.__init__))
        if self.weight_decay is None:
            raise ValueError(
                "AdamW: argument `weight_decay` must be a float. Received: "
                "weight_decay=None. Use Adam for no weight decay."
            )
