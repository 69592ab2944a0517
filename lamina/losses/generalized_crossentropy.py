"""Generalized cross entropy (Zhang & Sabuncu, 2018): a crossentropy robust to noisy labels.

``loss = (1 - p ** q) / q`` with ``p`` the probability given to the true class; ``q``
near 0 behaves like the crossentropy, ``q`` near 1 like the mean absolute error.
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.core.convert import convert_to_tensor
from lamina.losses._inputs import float_tensor
from lamina.losses.loss import Loss, LossFunctionWrapper
from lamina.losses.shapes import align_shapes


def _check_q(owner, q):
    if isinstance(q, bool) or not isinstance(q, (int, float)) or not 0 < q < 1:
        raise ValueError(
            f"{owner}: q must be a number in the open interval (0, 1), received q={q!r}. "
            "q close to 0 behaves like the crossentropy, close to 1 like the mean "
            "absolute error; 0.5 is a common choice."
        )


@register_builtin
def categorical_generalized_cross_entropy(y_true, y_pred, q):
    """Generalized cross entropy between integer labels and class probabilities.

    Args:
        y_true: integer class indices, shape ``(batch,)`` or ``(batch, 1)``.
        y_pred: class probabilities, shape ``(batch, num_classes)``.
        q: the noise parameter, in ``(0, 1)``.

    >>> [round(v, 4) for v in categorical_generalized_cross_entropy(
    ...     [0, 1], [[0.7, 0.3], [0.2, 0.8]], q=0.5).tolist()]
    [0.3267, 0.2111]
    """
    owner = "categorical_generalized_cross_entropy"
    y_pred = float_tensor(y_pred)
    y_true = convert_to_tensor(y_true)
    y_true, y_pred = align_shapes(owner, y_true, y_pred, rule="sparse")
    if y_true.ndim == y_pred.ndim:
        y_true = jnp.squeeze(y_true, -1)
    one_hot = jax.nn.one_hot(y_true.astype("int32"), y_pred.shape[-1], dtype=y_pred.dtype)
    prob = jnp.sum(y_pred * one_hot, axis=-1)
    return (1.0 - jnp.power(prob, q)) / q


@register_builtin
class CategoricalGeneralizedCrossEntropy(LossFunctionWrapper):
    """Generalized cross entropy, ``(1 - p ** q) / q``, for training with noisy labels.

    ``y_true`` holds integer class indices, ``y_pred`` class probabilities.

    >>> loss = CategoricalGeneralizedCrossEntropy(q=0.5)
    >>> round(float(loss([0, 1], [[0.7, 0.3], [0.2, 0.8]])), 4)
    0.2689
    """

    def __init__(self, q=0.5, reduction="sum_over_batch_size",
                 name="categorical_generalized_cross_entropy", dtype=None):
        _check_q("CategoricalGeneralizedCrossEntropy", q)
        super().__init__(
            categorical_generalized_cross_entropy, name=name, reduction=reduction,
            dtype=dtype, q=q,
        )
        self.q = q

    def get_config(self) -> dict:
        return {**Loss.get_config(self), "q": self.q}
