"""``AttentionProjection``: the dense projections inside ``MultiHeadAttention``.

Keras 3 builds these as ``EinsumDense`` sublayers named ``query``, ``key``, ``value``,
``gate`` and ``attention_output``; this small layer holds the same weights (a kernel
``(*input_dims, *output_dims)`` and a bias ``output_dims``) under the same names, so
``get_weights`` / ``set_weights`` line up with Keras. It contracts the last
``len(input_dims)`` axes of its input. Internal: ``MultiHeadAttention`` calls
:meth:`project` directly and does not export this class.

>>> import numpy as np
>>> proj = AttentionProjection((4,), (2, 3), name="query")
>>> proj.build()
>>> proj.project(np.ones((5, 7, 4), "float32")).shape
(5, 7, 2, 3)
>>> [w.path for w in proj.weights]
['query/kernel', 'query/bias']
>>> AttentionProjection.from_config(proj.get_config()).output_dims
(2, 3)
"""

import jax.numpy as jnp

from lamina import activations, constraints, initializers, regularizers
from lamina._registry import register_builtin
from lamina.layers.layer import Layer


def fresh_initializer(initializer):
    """A new instance of ``initializer`` (same config), so sublayers do not share seeds.

    lamina initializers with ``seed=None`` draw their seed once at construction; sharing
    one instance would give every projection of the same shape the same values.
    """
    if initializer is None or not hasattr(initializer, "get_config"):
        return initializer
    return type(initializer).from_config(initializer.get_config())


@register_builtin
class AttentionProjection(Layer):
    """``activation(tensordot(x, kernel, len(input_dims)) + bias)``, Keras weight layout."""

    def __init__(self, input_dims, output_dims, use_bias=True, activation=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dims = tuple(int(d) for d in input_dims)
        self.output_dims = tuple(int(d) for d in output_dims)
        self.use_bias = bool(use_bias)
        self.activation = activations.get(activation) if activation is not None else None
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.kernel = None
        self.bias = None

    def build(self, input_shape=None):
        if self.built:
            return
        self.kernel = self.add_weight(
            name="kernel", shape=self.input_dims + self.output_dims,
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=self.output_dims, initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            )
        self.built = True

    def project(self, x):
        """Apply the projection to an array (no call pipeline, usable inside ``call``)."""
        kernel = self.kernel.value
        outputs = jnp.tensordot(x, kernel.astype(x.dtype), axes=len(self.input_dims))
        if self.bias is not None:
            outputs = outputs + self.bias.value.astype(x.dtype)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def call(self, inputs):
        return self.project(inputs)

    def get_config(self):
        return {
            **super().get_config(),
            "input_dims": list(self.input_dims),
            "output_dims": list(self.output_dims),
            "use_bias": self.use_bias,
            "activation": None if self.activation is None else activations.serialize(
                self.activation),
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }
