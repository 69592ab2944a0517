"""``InputLayer`` and ``Input``: the symbolic entry points of a functional model.

>>> x = Input(shape=(3,), name="features")
>>> x.shape, x.name
((None, 3), 'features')
"""

from lamina._registry import register_builtin
from lamina.core.convert import standardize_dtype
from lamina.core.keras_tensor import KerasTensor
from lamina.layers.layer import Layer
from lamina.ops.node import Node


@register_builtin
class InputLayer(Layer):
    """Holds a model input's shape and dtype; its output is the input KerasTensor."""

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None,
                 input_tensor=None, optional=False, name=None, **kwargs):
        kwargs.pop("ragged", None)
        if "input_shape" in kwargs and shape is None:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs and batch_shape is None:
            batch_shape = kwargs.pop("batch_input_shape")
        super().__init__(name=name, dtype=None, **kwargs)
        if sparse:
            raise ValueError(f"InputLayer '{self.name}': sparse inputs are not supported.")
        if input_tensor is not None:
            if not isinstance(input_tensor, KerasTensor):
                raise TypeError(
                    f"InputLayer '{self.name}': input_tensor must be a KerasTensor, received "
                    f"{type(input_tensor).__name__}."
                )
            batch_shape = input_tensor.shape
            dtype = dtype or input_tensor.dtype
        if batch_shape is None:
            if shape is None:
                raise ValueError(
                    f"InputLayer '{self.name}': pass shape= (without the batch axis), e.g. "
                    "Input(shape=(32,)), or batch_shape=."
                )
            if isinstance(shape, int):
                shape = (shape,)
            batch_shape = (batch_size, *tuple(shape))
        elif shape is not None:
            raise ValueError(f"InputLayer '{self.name}': pass shape= or batch_shape=, not both.")
        if dtype in ("string", "str", str, object, "object"):
            raise ValueError(
                f"InputLayer '{self.name}': lamina has no string tensors (JAX arrays are "
                "numeric). Turn strings into integers in the data pipeline before fit, e.g. "
                "with lamina.layers.StringLookup or TextVectorization called on the numpy data, "
                "and declare the Input with dtype='int32'."
            )
        self.batch_shape = tuple(None if d is None else int(d) for d in batch_shape)
        self._input_dtype = standardize_dtype(dtype)
        self.optional = optional
        self.built = True
        self.output = input_tensor if input_tensor is not None else KerasTensor(
            self.batch_shape, self._input_dtype, name=self.name
        )
        Node(self, (), {}, self.output)

    @property
    def dtype(self):
        return self._input_dtype

    def call(self):
        return None

    def get_config(self):
        return {"batch_shape": list(self.batch_shape), "dtype": self._input_dtype,
                "sparse": False, "ragged": False, "name": self.name, "optional": self.optional}


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, name=None,
          tensor=None, optional=False):
    """A symbolic input tensor: ``Input(shape=(features,))`` (batch axis excluded)."""
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse,
                       batch_shape=batch_shape, input_tensor=tensor, optional=optional, name=name)
    return layer.output


register_builtin(Input)
