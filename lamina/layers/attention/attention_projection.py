"""The dense projections of the attention layers, built as public ``EinsumDense`` layers.

Keras 3 builds the ``query``, ``key``, ``value``, ``gate`` and ``attention_output``
projections of ``MultiHeadAttention`` / ``GroupQueryAttention`` as ``EinsumDense``
sublayers; lamina does the same (one implementation), so weight names, shapes and order
match Keras. The attention layers run a projection with ``projection.call(x)`` (no
call pipeline) inside their own ``call``.

>>> import numpy as np
>>> proj = build_projection("glorot_uniform", "zeros", name="query", input_shape=(5, 7, 4),
...                         output_dims=(2, 3))
>>> proj.call(np.ones((5, 7, 4), "float32")).shape
(5, 7, 2, 3)
>>> [w.path for w in proj.weights]
['query/kernel', 'query/bias']
"""

import string

from lamina.layers.core.einsum_dense import EinsumDense


def fresh_initializer(initializer):
    """A new instance of ``initializer`` (same config), so sublayers do not share seeds.

    lamina initializers with ``seed=None`` draw their seed once at construction; sharing
    one instance would give every projection of the same shape the same values.
    """
    if initializer is None or not hasattr(initializer, "get_config"):
        return initializer
    return type(initializer).from_config(initializer.get_config())


def projection_equation(free_dims, bound_dims, output_dims):
    """``(equation, bias_axes)``: keep ``free_dims`` axes, contract ``bound_dims``, add
    ``output_dims`` (the Keras multi-head projection layout).

    >>> projection_equation(2, 1, 2)
    ('abc,cde->abde', 'de')
    >>> projection_equation(2, 2, 1)
    ('abcd,cde->abe', 'e')
    """
    letters = string.ascii_lowercase
    free = letters[:free_dims]
    bound = letters[free_dims:free_dims + bound_dims]
    out = letters[free_dims + bound_dims:free_dims + bound_dims + output_dims]
    return f"{free}{bound},{bound}{out}->{free}{out}", out


def build_projection(kernel_initializer, bias_initializer, *, name, input_shape, output_dims,
                     bound_dims=1, use_bias=True, activation=None, kernel_regularizer=None,
                     bias_regularizer=None, kernel_constraint=None, bias_constraint=None,
                     dtype=None):
    """A built ``EinsumDense`` contracting the last ``bound_dims`` axes of ``input_shape``
    into ``output_dims`` (fresh copies of the initializers, so each projection differs).
    """
    input_shape = tuple(input_shape)
    free_dims = len(input_shape) - bound_dims
    equation, bias_axes = projection_equation(free_dims, bound_dims, len(output_dims))
    layer = EinsumDense(
        equation, output_shape=(None,) * (free_dims - 1) + tuple(output_dims),
        bias_axes=bias_axes if use_bias else None, activation=activation,
        kernel_initializer=fresh_initializer(kernel_initializer),
        bias_initializer=fresh_initializer(bias_initializer),
        kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
        kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        name=name, dtype=dtype,
    )
    layer.build(input_shape)
    return layer
