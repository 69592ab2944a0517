"""``Dense``: ``activation(inputs @ kernel + bias)`` on the last axis of the inputs.

>>> import numpy as np
>>> layer = Dense(4, activation="relu")
>>> layer(np.ones((2, 3))).shape
(2, 4)
>>> [w.name for w in layer.weights]
['kernel', 'bias']
"""

import jax.numpy as jnp

from lamina import activations, constraints, initializers, regularizers
from lamina._registry import register_builtin
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer


def reject_unsupported(layer_kind, name, lora_rank=None, lora_alpha=None,
                       quantization_config=None):
    """Raise a clear error for Keras features lamina does not implement (LoRA, quantization).

    >>> reject_unsupported("Dense", "head", lora_rank=4)
    Traceback (most recent call last):
    ...
    NotImplementedError: Dense 'head': LoRA (lora_rank=4, lora_alpha=None) is not implemented ...
    """
    if lora_rank is not None or lora_alpha is not None:
        raise NotImplementedError(
            f"{layer_kind} '{name}': LoRA (lora_rank={lora_rank!r}, lora_alpha={lora_alpha!r}) "
            "is not implemented in lamina. Remove lora_rank/lora_alpha, or subclass the "
            "layer and add the low-rank weights yourself."
        )
    if quantization_config is not None:
        raise NotImplementedError(
            f"{layer_kind} '{name}': quantization (quantization_config="
            f"{quantization_config!r}) is not implemented in lamina. Pass "
            "quantization_config=None."
        )


@register_builtin
class Dense(Layer):
    """Densely connected layer: ``output = activation(dot(inputs, kernel) + bias)``.

    Inputs of rank > 2 are contracted on their last axis, so ``(batch, d0, d1)`` gives
    ``(batch, d0, units)``. Masks pass through unchanged (``supports_masking``): the
    layer never touches the leading (time) axes.

    Args:
        units: positive int, size of the output's last axis.
        activation: activation name or callable (default: none, i.e. ``linear``).
        use_bias: whether to add a bias vector.
        kernel_initializer, bias_initializer: initializers (``"glorot_uniform"``,
            ``"zeros"``).
        kernel_regularizer, bias_regularizer, activity_regularizer: penalties.
        kernel_constraint, bias_constraint: constraints applied after updates.
        lora_rank, lora_alpha, quantization_config: accepted for Keras signature
            compatibility; anything but None raises ``NotImplementedError``.

    >>> import numpy as np
    >>> Dense(2, use_bias=False, kernel_initializer="ones")(np.ones((1, 3))).tolist()
    [[3.0, 3.0]]
    """

    def __init__(self, units, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None,
                 quantization_config=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if isinstance(units, bool) or not isinstance(units, int) or units <= 0:
            raise ValueError(
                f"Dense '{self.name}': units must be a positive integer, received "
                f"units={units!r}."
            )
        reject_unsupported("Dense", self.name, lora_rank, lora_alpha, quantization_config)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True
        self.kernel = None
        self.bias = None

    def build(self, input_shape):
        in_dim = input_shape[-1]
        if in_dim is None:
            raise ValueError(
                f"Dense '{self.name}': the last axis of the input must be known to create "
                f"the kernel, received input_shape={tuple(input_shape)}."
            )
        self.kernel = self.add_weight(
            name="kernel", shape=(in_dim, self.units), initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(self.units,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            )
        self.input_spec = InputSpec(min_ndim=2, axes={-1: in_dim})
        self.built = True

    def call(self, inputs):
        outputs = jnp.matmul(inputs, self.kernel.value)
        if self.bias is not None:
            outputs = outputs + self.bias.value
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return (*tuple(input_shape)[:-1], self.units)

    def compute_output_spec(self, inputs):
        # The traced spec keeps the true output dtype (e.g. int inputs promote).
        return Layer.compute_output_spec(self, inputs)

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "quantization_config": None,
        }
