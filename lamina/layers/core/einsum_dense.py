"""``EinsumDense``: a dense layer whose contraction is any einsum equation.

>>> import numpy as np
>>> layer = EinsumDense("abc,cd->abd", output_shape=(None, 8), bias_axes="d")
>>> layer(np.ones((2, 5, 4), "float32")).shape
(2, 5, 8)
>>> [(w.name, w.shape) for w in layer.weights]
[('kernel', (4, 8)), ('bias', (8,))]
"""

import jax.numpy as jnp

from lamina import activations, constraints, initializers, regularizers
from lamina._registry import register_builtin
from lamina.core.convert import is_float_dtype
from lamina.initializers.random_initializers import VarianceScaling
from lamina.layers.core.einsum_shapes import einsum_shapes, split_equation
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer


def _with_fan_axes(initializer, input_axes, output_axes):
    """A copy of a VarianceScaling ``initializer`` whose fans follow the einsum axes.

    The copy keeps the drawn seed, so it gives what the original instance would give.
    Other initializers (or one with axes already set) are returned unchanged.
    """
    if not isinstance(initializer, VarianceScaling) or initializer.input_axes is not None:
        return initializer
    config = initializer.get_config()
    config.update(seed=initializer.seed, input_axes=list(input_axes),
                  output_axes=list(output_axes))
    return type(initializer).from_config(config)


@register_builtin
class EinsumDense(Layer):
    """``activation(einsum(equation, inputs, kernel) + bias)`` (Keras 3 ``EinsumDense``).

    Args:
        equation: ``"X,Y->Z"``, ``"...X,Y->...Z"`` or ``"X...,Y->Z..."``; ``X`` names the
            input's axes, ``Y`` the kernel's, ``Z`` the output's.
        output_shape: int or tuple: the output sizes without the batch axis (and without
            the axes covered by ``...``); ``None`` for a size taken from the input.
        activation: applied last (default: none).
        bias_axes: letters of ``Z`` that get a bias (default: no bias). The bias spans
            the output from the first of these letters on, with size 1 elsewhere.
        kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
        kernel_constraint, bias_constraint: as in ``Dense``. A ``VarianceScaling``
            kernel initializer (Glorot, He, ...) computes its fans from the contracted
            and the output axes of the kernel, as in Keras.
        lora_rank, lora_alpha: optional LoRA: the kernel is frozen and
            ``(lora_alpha / lora_rank) * lora_kernel_a @ lora_kernel_b`` (trainable,
            float32, factorized on the kernel's last axis) is added to it. Also
            available later via :meth:`enable_lora`.
        quantization_config: Keras signature; only None is accepted (lamina does not
            quantize).

    Weights (Keras order): ``kernel``, ``bias``, then ``lora_kernel_a``, ``lora_kernel_b``.
    A mask passes through when the equation keeps the masked leading axes in place.

    >>> import numpy as np
    >>> layer = EinsumDense("...x,xy->...y", output_shape=3, bias_axes="y", lora_rank=2)
    >>> layer(np.ones((2, 4, 5), "float32")).shape
    (2, 4, 3)
    >>> [w.name for w in layer.trainable_weights]
    ['bias', 'lora_kernel_a', 'lora_kernel_b']
    """

    def __init__(self, equation, output_shape, activation=None, bias_axes=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, lora_rank=None, lora_alpha=None,
                 quantization_config=None, **kwargs):
        kwargs.pop("gptq_unpacked_column_size", None)  # Keras quantization bookkeeping
        super().__init__(**kwargs)
        owner = self._owner()
        if quantization_config is not None:
            raise ValueError(
                f"{owner}: quantization is not available in lamina; received "
                f"quantization_config={quantization_config!r}. Pass quantization_config=None."
            )
        if not isinstance(equation, str):
            raise TypeError(f"{owner}: equation must be a string such as 'ab,bc->ac', "
                            f"received {equation!r}.")
        if isinstance(output_shape, int) and not isinstance(output_shape, bool):
            output_shape = (output_shape,)
        if not isinstance(output_shape, (list, tuple)) or not all(
            d is None or (isinstance(d, int) and not isinstance(d, bool) and d > 0)
            for d in output_shape
        ):
            raise ValueError(f"{owner}: output_shape must be an int or a tuple of positive "
                             f"ints / None, received output_shape={output_shape!r}.")
        self.equation = equation
        self.partial_output_shape = tuple(output_shape)
        self.bias_axes = bias_axes or None
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        if lora_rank is not None and (isinstance(lora_rank, bool) or not isinstance(
                lora_rank, int) or lora_rank <= 0):
            raise ValueError(f"{owner}: lora_rank must be a positive int or None, received "
                             f"lora_rank={lora_rank!r}.")
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        self.supports_masking = True
        self._kernel = None
        self.bias = None

    def _owner(self):
        return f"{type(self).__name__} '{self.name}'"

    def build(self, input_shape):
        shapes = einsum_shapes(self._owner(), self.equation, self.bias_axes,
                               tuple(input_shape), self.partial_output_shape)
        self.input_spec = InputSpec(ndim=len(input_shape))
        self._kernel = self.add_weight(
            name="kernel", shape=shapes.kernel_shape,
            initializer=_with_fan_axes(self.kernel_initializer, shapes.input_axes,
                                       shapes.output_axes),
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
        )
        if shapes.bias_shape is not None:
            self.bias = self.add_weight(
                name="bias", shape=shapes.bias_shape, initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            )
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, lora_alpha=self.lora_alpha)

    @property
    def kernel(self):
        """The kernel Variable; with LoRA enabled, the merged kernel (an array)."""
        if self._kernel is None:
            raise AttributeError(f"{self._owner()}: build the layer (call it once) before "
                                 "reading its kernel.")
        if not self.lora_enabled:
            return self._kernel
        delta = jnp.matmul(self.lora_kernel_a.value, self.lora_kernel_b.value)
        scale = self.lora_alpha / self.lora_rank
        return (self._kernel.value + scale * delta).astype(self._kernel.value.dtype)

    def enable_lora(self, rank, lora_alpha=None, a_initializer="he_uniform",
                    b_initializer="zeros"):
        """Freeze the kernel and learn a rank-``rank`` update of it (LoRA).

        >>> import numpy as np
        >>> layer = EinsumDense("ab,bc->ac", output_shape=4)
        >>> _ = layer(np.ones((1, 3), "float32"))
        >>> layer.enable_lora(2)
        >>> [(w.name, w.shape) for w in layer.trainable_weights]
        [('lora_kernel_a', (3, 2)), ('lora_kernel_b', (2, 4))]
        """
        owner = self._owner()
        if self.kernel_constraint is not None:
            raise ValueError(f"{owner}: LoRA cannot be combined with a kernel_constraint. "
                             "Remove kernel_constraint to enable LoRA.")
        if not self.built:
            raise ValueError(f"{owner}: build the layer (call it once) before enable_lora().")
        if self.lora_enabled:
            raise ValueError(f"{owner}: LoRA is already enabled; enable it only once.")
        shape = self._kernel.shape
        self.lora_kernel_a = self.add_weight(
            name="lora_kernel_a", shape=(*shape[:-1], rank), dtype="float32",
            initializer=initializers.get(a_initializer), regularizer=self.kernel_regularizer)
        self.lora_kernel_b = self.add_weight(
            name="lora_kernel_b", shape=(rank, shape[-1]), dtype="float32",
            initializer=initializers.get(b_initializer), regularizer=self.kernel_regularizer)
        self._kernel.trainable = False
        self.lora_enabled = True
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank

    def call(self, inputs, training=None):
        inputs = jnp.asarray(inputs)
        kernel = self.kernel
        kernel = kernel.value if hasattr(kernel, "value") else kernel
        if is_float_dtype(inputs.dtype):
            kernel = kernel.astype(inputs.dtype)
        outputs = jnp.einsum(self.equation, inputs, kernel)
        if self.bias is not None:
            outputs = outputs + self.bias.value.astype(outputs.dtype)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def compute_mask(self, inputs, mask=None):
        """The input's mask, when the output keeps the masked (leading) axes.

        A mask over axes the equation contracts or moves cannot be kept: that is an
        error rather than a silently dropped mask.
        """
        if mask is None:
            return None
        ins, _, outs, ellipsis = split_equation(self._owner(), self.equation)
        rank = len(getattr(mask, "shape", ()))
        if ellipsis == "left" and rank <= len(inputs.shape) - len(ins):
            return mask
        if ellipsis != "left" and ins[:rank] == outs[:rank]:
            return mask
        raise ValueError(
            f"{self._owner()}: the input carries a mask of rank {rank}, but equation "
            f"{self.equation!r} does not keep the input's first {rank} axes in place, so "
            "the mask would lose its meaning. Remove the mask first (e.g. with a Lambda "
            "layer) or keep those axes leading in the equation."
        )

    def compute_output_shape(self, input_shape):
        return einsum_shapes(self._owner(), self.equation, self.bias_axes,
                             tuple(input_shape), self.partial_output_shape).output_shape

    def get_config(self):
        config = {
            **super().get_config(),
            "output_shape": self.partial_output_shape,
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "quantization_config": None,
        }
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config
