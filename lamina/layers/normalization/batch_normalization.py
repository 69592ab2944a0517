"""``BatchNormalization``: normalize with batch statistics (training) or moving ones.

>>> import numpy as np
>>> layer = BatchNormalization()
>>> x = np.array([[0.0, 10.0], [2.0, 30.0]])
>>> np.asarray(layer(x, training=True), dtype=float).round(3).tolist()
[[-1.0, -1.0], [1.0, 1.0]]
>>> np.asarray(layer.moving_mean.numpy(), dtype=float).round(3).tolist()
[0.01, 0.2]
"""

import jax
import jax.numpy as jnp

from lamina import config, constraints, initializers, regularizers
from lamina._registry import register_builtin
from lamina.core import context
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer

_RENORM_KEYS = ("rmax", "rmin", "dmax")


@register_builtin
class BatchNormalization(Layer):
    """Normalizes each feature (``axis``) to zero mean and unit variance.

    ``output = gamma * (x - mean) / sqrt(var + epsilon) + beta``.

    * ``training=True`` (and the layer trainable): ``mean``/``var`` are the statistics
      of the current batch, and the moving statistics are updated with
      ``moving = moving * momentum + batch * (1 - momentum)`` through
      ``Variable.assign`` (recorded by the ``StatelessScope`` of a jitted train step).
    * otherwise (inference, or ``trainable=False`` as in Keras 3): the moving
      statistics are used and nothing is updated.

    Masks: with a mask (one entry per position, the input's shape without ``axis``)
    the batch statistics count only unmasked entries; the mask passes through. Rows
    that ``fit`` added to pad a ragged last batch (``lamina.core.context.batch_validity``)
    are excluded the same way, so a padded batch updates the statistics exactly like
    the unpadded one.

    Args:
        axis: the feature axis (int), ``-1`` for channels-last.
        momentum, epsilon: moving-average momentum and variance fuzz.
        center, scale: learn ``beta`` / ``gamma``.
        beta_initializer, gamma_initializer, moving_mean_initializer,
        moving_variance_initializer, beta_regularizer, gamma_regularizer,
        beta_constraint, gamma_constraint: as in Keras.
        renorm, renorm_clipping, renorm_momentum: batch renormalization (Ioffe 2017);
            ``renorm_clipping`` may hold ``rmax``, ``rmin`` and ``dmax``.
        synchronized: Keras argument; ``True`` is refused (as with Keras' JAX backend).

    Weights, in Keras order: ``gamma``, ``beta`` (trainable), ``moving_mean``,
    ``moving_variance`` (plus ``moving_stddev``, ``renorm_mean``, ``renorm_stddev``
    with ``renorm=True``).

    >>> import numpy as np
    >>> BatchNormalization()(np.ones((4, 3))).shape
    (4, 3)
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, renorm=False, renorm_clipping=None,
                 renorm_momentum=0.99, synchronized=False, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(
                f"BatchNormalization '{self.name}': axis must be an int, received "
                f"axis={axis!r}."
            )
        if synchronized:
            raise ValueError(
                f"BatchNormalization '{self.name}': synchronized=True is not supported "
                "(as with Keras' JAX backend). Pass synchronized=False."
            )
        self.axis = axis
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.synchronized = False
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.renorm = bool(renorm)
        self.renorm_clipping = self._validate_clipping(renorm_clipping) if renorm else (
            renorm_clipping)
        self.renorm_momentum = float(renorm_momentum)
        self.supports_masking = True
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None
        self._reduction_axes = None

    def _validate_clipping(self, clipping):
        clipping = dict(clipping or {})
        unknown = set(clipping) - set(_RENORM_KEYS)
        if unknown:
            raise ValueError(
                f"BatchNormalization '{self.name}': renorm_clipping accepts the keys "
                f"{list(_RENORM_KEYS)}, received unknown keys {sorted(unknown)}."
            )
        rmin, rmax, dmax = clipping.get("rmin"), clipping.get("rmax"), clipping.get("dmax")
        if rmin is not None and rmax is not None and rmax < rmin:
            raise ValueError(
                f"BatchNormalization '{self.name}': renorm_clipping needs rmax >= rmin, "
                f"received rmax={rmax}, rmin={rmin}."
            )
        if dmax is not None and dmax < 0:
            raise ValueError(
                f"BatchNormalization '{self.name}': renorm_clipping needs dmax >= 0, "
                f"received dmax={dmax}."
            )
        return clipping

    def build(self, input_shape):
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"BatchNormalization '{self.name}': axis={self.axis} is out of range for an "
                f"input of shape {tuple(input_shape)}."
            )
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(
                f"BatchNormalization '{self.name}': the feature axis {self.axis} must have a "
                f"known size, received input_shape={tuple(input_shape)}."
            )
        shape = (dim,)
        if self.scale:
            self.gamma = self.add_weight(
                shape=shape, name="gamma", initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                autocast=False)
        if self.center:
            self.beta = self.add_weight(
                shape=shape, name="beta", initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                autocast=False)
        self.moving_mean = self.add_weight(
            shape=shape, name="moving_mean", initializer=self.moving_mean_initializer,
            trainable=False, autocast=False)
        self.moving_variance = self.add_weight(
            shape=shape, name="moving_variance", initializer=self.moving_variance_initializer,
            trainable=False, autocast=False)
        if self.renorm:
            variance_init = self.moving_variance_initializer

            def stddev_init(shape, dtype=None):
                return jnp.sqrt(variance_init(shape, dtype))

            self.moving_stddev = self.add_weight(
                shape=shape, name="moving_stddev", initializer=stddev_init, trainable=False,
                autocast=False)
            self.renorm_mean = self.add_weight(
                shape=shape, name="renorm_mean", initializer=self.moving_mean_initializer,
                trainable=False, autocast=False)
            self.renorm_stddev = self.add_weight(
                shape=shape, name="renorm_stddev", initializer=stddev_init, trainable=False,
                autocast=False)
        self.input_spec = InputSpec(ndim=rank, axes={self.axis: dim})
        self._reduction_axes = tuple(i for i in range(rank) if i != self.axis % rank)
        self.built = True

    # ------------------------------------------------------------------ statistics
    def _valid_entries(self, inputs, mask):
        """Bool array broadcastable to ``inputs``: entries counted in the statistics."""
        axis = self.axis % inputs.ndim
        valid = None
        if mask is not None:
            mask = jnp.asarray(mask)
            if mask.ndim != inputs.ndim - 1:
                raise ValueError(
                    f"BatchNormalization '{self.name}': the mask must have one dimension "
                    f"less than the inputs (no feature axis), received mask.shape="
                    f"{tuple(mask.shape)} for inputs.shape={tuple(inputs.shape)}."
                )
            valid = jnp.expand_dims(mask.astype(bool), axis)
        rows = context.batch_validity()
        if rows is not None:
            rows = jnp.asarray(rows, dtype=bool)
            if rows.shape != (inputs.shape[0],):
                raise ValueError(
                    f"BatchNormalization '{self.name}': the trainer's batch validity vector "
                    f"has shape {tuple(rows.shape)}, but the input batch has shape "
                    f"{tuple(inputs.shape)}; expected ({inputs.shape[0]},)."
                )
            rows = rows.reshape((-1,) + (1,) * (inputs.ndim - 1))
            valid = rows if valid is None else jnp.logical_and(valid, rows)
        return None if valid is None else jnp.broadcast_to(valid, inputs.shape)

    def _moments(self, inputs, valid):
        axes = self._reduction_axes
        if valid is None:
            return jnp.mean(inputs, axis=axes), jnp.var(inputs, axis=axes)
        count = jnp.sum(valid.astype(inputs.dtype), axis=axes, keepdims=True)
        denominator = count + config.epsilon()
        mean = jnp.sum(jnp.where(valid, inputs, 0), axis=axes, keepdims=True) / denominator
        centered = jnp.where(valid, inputs - mean, 0)
        variance = jnp.sum(jnp.square(centered), axis=axes, keepdims=True) / denominator
        return jnp.squeeze(mean, axes), jnp.squeeze(variance, axes)

    def _renorm(self, mean, variance, gamma, beta):
        """Renorm corrections folded into (gamma, beta), and the statistics updates."""
        stddev = jnp.sqrt(variance + self.epsilon)
        renorm_mean = self.renorm_mean.value.astype(mean.dtype)
        old_renorm_stddev = self.renorm_stddev.value.astype(mean.dtype)
        renorm_stddev = jnp.maximum(old_renorm_stddev, jnp.sqrt(self.epsilon))
        r = stddev / renorm_stddev
        d = (mean - renorm_mean) / renorm_stddev
        clip = self.renorm_clipping or {}
        if clip.get("rmin") is not None:
            r = jnp.maximum(r, clip["rmin"])
        if clip.get("rmax") is not None:
            r = jnp.minimum(r, clip["rmax"])
        if clip.get("dmax") is not None:
            d = jnp.clip(d, -clip["dmax"], clip["dmax"])
        r, d = jax.lax.stop_gradient(r), jax.lax.stop_gradient(d)
        new_gamma = r if gamma is None else r * gamma
        new_beta = d if gamma is None else d * gamma
        if beta is not None:
            new_beta = new_beta + beta
        keep = self.renorm_momentum
        self.renorm_mean.assign(renorm_mean * keep + mean * (1.0 - keep))
        self.renorm_stddev.assign(old_renorm_stddev * keep + stddev * (1.0 - keep))
        moving_stddev = (self.moving_stddev.value.astype(mean.dtype) * self.momentum
                         + stddev * (1.0 - self.momentum))
        self.moving_stddev.assign(moving_stddev)
        self.moving_variance.assign(jax.nn.relu(moving_stddev * moving_stddev - self.epsilon))
        return new_gamma, new_beta

    # ------------------------------------------------------------------ call
    def call(self, inputs, training=None, mask=None):
        dtype = jnp.promote_types(inputs.dtype, jnp.float32)
        x = inputs.astype(dtype)
        moving_mean = self.moving_mean.value.astype(dtype)
        moving_variance = self.moving_variance.value.astype(dtype)
        gamma = self.gamma.value.astype(dtype) if self.scale else None
        beta = self.beta.value.astype(dtype) if self.center else None
        valid = self._valid_entries(x, mask) if (training and self.trainable) else None
        if training and self.trainable:
            mean, variance = self._moments(x, valid)
            if self.renorm:
                gamma, beta = self._renorm(mean, variance, gamma, beta)
                self.moving_mean.assign(moving_mean * self.momentum
                                        + mean * (1.0 - self.momentum))
            else:
                self.moving_mean.assign(moving_mean * self.momentum
                                        + mean * (1.0 - self.momentum))
                self.moving_variance.assign(moving_variance * self.momentum
                                            + variance * (1.0 - self.momentum))
        else:
            mean, variance = moving_mean, moving_variance
        shape = [1] * x.ndim
        shape[self.axis] = x.shape[self.axis]
        inv = jax.lax.rsqrt(variance + self.epsilon)
        if gamma is not None:
            inv = inv * gamma
        shift = -mean * inv
        if beta is not None:
            shift = shift + beta
        outputs = x * inv.reshape(shape) + shift.reshape(shape)
        return outputs.astype(self.compute_dtype)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(
                self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
            "synchronized": self.synchronized,
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
        }
