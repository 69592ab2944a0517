"""``Loss`` (the base class) and ``LossFunctionWrapper`` (a loss from a plain function).

A loss implements ``call(y_true, y_pred)`` returning one value per sample (per
timestep for sequence outputs); ``__call__`` converts the inputs, applies the mask,
``sample_weight`` and the reduction.

>>> import jax.numpy as jnp
>>> class MyMSE(Loss):
...     def call(self, y_true, y_pred):
...         return jnp.mean(jnp.square(y_true - y_pred), axis=-1)
>>> float(MyMSE()(jnp.array([[0.0, 2.0]]), jnp.array([[1.0, 1.0]])))
1.0
"""

import jax.numpy as jnp

from lamina import config
from lamina._registry import (
    deserialize_keras_object,
    register_builtin,
    serialize_keras_object,
)
from lamina.core.convert import convert_to_tensor, standardize_dtype
from lamina.core.masking import get_mask
from lamina.losses.reduction import reduce_weighted_values, standardize_reduction
from lamina.losses.shapes import (
    IncompatibleShapesError,
    broadcast_mask,
    squeeze_or_expand_to_same_rank,
)
from lamina.utils import naming, tree

#: Values that replace masked entries of the inputs before a loss or metric is computed
#: (finite for every built-in loss: 0 for labels, 1 for predictions).
MASKED_TRUE_FILL = 0.0
MASKED_PRED_FILL = 1.0


def resolve_dtype(dtype) -> str:
    """The computation dtype named by ``dtype``: a dtype, a policy name, or a policy.

    ``None`` gives ``config.floatx()``; ``"mixed_float16"`` gives ``"float16"``; an
    object with a ``compute_dtype`` attribute (a dtype policy) gives that.

    >>> resolve_dtype("mixed_bfloat16")
    'bfloat16'
    """
    if dtype is None:
        return config.floatx()
    compute = getattr(dtype, "compute_dtype", None)
    if compute is not None:
        return standardize_dtype(compute)
    if isinstance(dtype, str) and dtype.startswith("mixed_"):
        return standardize_dtype(dtype[len("mixed_"):])
    return standardize_dtype(dtype)


def fill_masked(owner, y_true, y_pred, mask):
    """Replace masked entries of ``y_true``/``y_pred`` with safe constants (``where``).

    ``mask`` must cover the leading axes of every ``y_pred`` leaf; ``y_true`` leaves it
    does not cover (e.g. labels of another layout) are left as they are, the masked
    per-sample values are removed later anyway.
    """

    def fill(x, value, strict):
        if x is None:
            return x
        try:
            valid = broadcast_mask(owner, mask, x, "y_pred" if strict else "y_true")
        except IncompatibleShapesError:
            if strict:
                raise
            return x
        return jnp.where(valid, x, jnp.asarray(value, x.dtype))

    y_pred = tree.map_structure(lambda x: fill(x, MASKED_PRED_FILL, True), y_pred)
    y_true = tree.map_structure(lambda x: fill(x, MASKED_TRUE_FILL, False), y_true)
    return y_true, y_pred


def combine_masks(first, second):
    """Logical AND of two optional boolean masks."""
    if first is None or second is None:
        return first if second is None else second
    return jnp.logical_and(jnp.asarray(first, bool), jnp.asarray(second, bool))


@register_builtin
class Loss:
    """Base class of losses.

    Args:
        name: the loss name (default: snake_case of the class name, made unique).
        reduction: ``"sum_over_batch_size"`` (default), ``"sum"``, ``"mean"``,
            ``"mean_with_sample_weight"``, or ``None`` / ``"none"``.
        dtype: computation dtype (default ``config.floatx()``).

    Subclasses implement ``call(y_true, y_pred)``, returning one loss per sample.

    ``__call__(y_true, y_pred, sample_weight=None, *, mask=None)``: the mask defaults
    to the one attached to ``y_pred`` (``lamina.core.masking.get_mask``). Masked
    entries are replaced by safe values before ``call`` and removed afterwards with
    ``where``, so NaN or Inf in padding reach neither the loss nor its gradient.

    >>> import jax.numpy as jnp
    >>> class AbsLoss(Loss):
    ...     def call(self, y_true, y_pred):
    ...         return jnp.mean(jnp.abs(y_true - y_pred), axis=-1)
    >>> loss = AbsLoss(reduction="sum")
    >>> float(loss(jnp.zeros((2, 2)), jnp.ones((2, 2)), sample_weight=jnp.array([1.0, 3.0])))
    4.0
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or naming.auto_name(self)
        self.reduction = standardize_reduction(reduction, type(self).__name__)
        self._dtype = resolve_dtype(dtype)

    @property
    def dtype(self) -> str:
        """The computation dtype."""
        return self._dtype

    def _owner(self) -> str:
        return f"{type(self).__name__} (name={self.name!r})"

    def __call__(self, y_true, y_pred, sample_weight=None, *, mask=None):
        in_mask = get_mask(y_pred) if mask is None else mask
        y_pred = tree.map_structure(self._convert, y_pred)
        y_true = tree.map_structure(self._convert, y_true)
        if in_mask is not None:
            in_mask = convert_to_tensor(in_mask)
            y_true, y_pred = fill_masked(self._owner(), y_true, y_pred, in_mask)
        losses = self.call(y_true, y_pred)
        full_mask = combine_masks(in_mask, get_mask(losses))
        return reduce_weighted_values(
            losses,
            sample_weight=sample_weight,
            mask=full_mask,
            reduction=self.reduction,
            dtype=self.dtype,
            owner=self._owner(),
        )

    def _convert(self, x):
        return None if x is None else convert_to_tensor(x, dtype=self.dtype)

    def call(self, y_true, y_pred):
        """Per-sample losses. Subclasses must override this."""
        raise NotImplementedError(
            f"{type(self).__name__}.call(y_true, y_pred) is not implemented: a Loss "
            "subclass must return one loss value per sample from call()."
        )

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


@register_builtin
class LossFunctionWrapper(Loss):
    """A :class:`Loss` made from a function ``fn(y_true, y_pred, **kwargs)``.

    ``y_true`` and ``y_pred`` are lined up first (a trailing axis of 1 squeezed or
    expanded, as in Keras); the function returns per-sample losses.

    >>> import jax.numpy as jnp
    >>> def total_abs(y_true, y_pred, scale=1.0):
    ...     return scale * jnp.sum(jnp.abs(y_true - y_pred), axis=-1)
    >>> loss = LossFunctionWrapper(total_abs, scale=2.0)
    >>> float(loss(jnp.zeros((2, 2)), jnp.ones((2, 2))))
    4.0
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        if not callable(fn):
            raise TypeError(
                f"LossFunctionWrapper: fn must be a callable fn(y_true, y_pred), "
                f"received {fn!r} of type {type(fn).__name__}."
            )
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        if not tree.is_nested(y_true) and not tree.is_nested(y_pred):
            y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        try:
            return self.fn(y_true, y_pred, **self._fn_kwargs)
        except IncompatibleShapesError as err:
            raise IncompatibleShapesError(f"{self._owner()}: {err}") from None

    def get_config(self) -> dict:
        config = super().get_config()
        config["fn"] = serialize_keras_object(self.fn)
        config.update(serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if "fn" in config:
            config["fn"] = deserialize_keras_object(
                config["fn"], custom_objects=custom_objects, kind="loss function"
            )
        return cls(**config)

    def __repr__(self):
        return f"<LossFunctionWrapper({self.fn}, kwargs={self._fn_kwargs})>"
