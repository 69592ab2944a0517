"""``InputSpec``: the rank/shape/dtype contract a layer places on its inputs.

Checked twice by ``Layer.__call__``: before ``build`` and again after it, because
building usually tightens the spec (a Dense layer learns its input's last axis).

>>> spec = InputSpec(min_ndim=2, axes={-1: 4})
>>> assert_input_compatibility(spec, [_Shaped((3, 4))], "dense")
"""

from lamina.core.convert import standardize_dtype
from lamina.utils import tree


class InputSpec:
    """Expected ``dtype``, ``shape``, ``ndim``/``min_ndim``/``max_ndim`` and fixed ``axes``."""

    def __init__(
        self,
        dtype=None,
        shape=None,
        ndim=None,
        max_ndim=None,
        min_ndim=None,
        axes=None,
        allow_last_axis_squeeze=False,
        name=None,
        optional=False,
    ):
        self.dtype = standardize_dtype(dtype) if dtype is not None else None
        self.shape = tuple(shape) if shape is not None else None
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = {int(k): v for k, v in (axes or {}).items()}
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.name = name
        self.optional = optional

    def __repr__(self):
        parts = [f"{k}={v}" for k, v in self.get_config().items() if v not in (None, {}, False)]
        return f"InputSpec({', '.join(parts)})"

    def get_config(self):
        return {
            "dtype": self.dtype,
            "shape": self.shape,
            "ndim": self.ndim,
            "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim,
            "axes": self.axes,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class _Shaped:
    """A stand-in with only a shape and dtype (used in doctests)."""

    def __init__(self, shape, dtype="float32"):
        self.shape, self.dtype = shape, dtype


class InputCompatibilityError(ValueError):
    """An input does not match a layer's ``input_spec``."""


def assert_input_compatibility(input_spec, inputs, layer_name: str) -> None:
    """Raise InputCompatibilityError naming the layer, the input, expected and received."""
    if input_spec is None:
        return
    specs = tree.flatten(input_spec)
    flat = tree.flatten(inputs)
    if len(specs) != len(flat):
        if len(specs) == 1:
            specs = specs * len(flat)
        else:
            raise InputCompatibilityError(
                f"Layer '{layer_name}' expects {len(specs)} input(s), received {len(flat)}."
            )
    for index, (spec, x) in enumerate(zip(specs, flat)):
        if spec is None or (x is None and spec.optional):
            continue
        if not hasattr(x, "shape"):
            raise InputCompatibilityError(
                f"Layer '{layer_name}': input {index} must be a tensor, received "
                f"{type(x).__name__}: {x!r}."
            )
        _check_one(spec, tuple(x.shape), getattr(x, "dtype", None), layer_name, index)


def _fail(layer_name, index, what, shape):
    raise InputCompatibilityError(
        f"Input {index} of layer '{layer_name}' is incompatible with the layer: {what}, "
        f"received input with shape {shape}."
    )


def _check_one(spec, shape, dtype, layer_name, index):
    ndim = len(shape)
    if spec.ndim is not None and not spec.allow_last_axis_squeeze and ndim != spec.ndim:
        _fail(layer_name, index, f"expected ndim={spec.ndim}, found ndim={ndim}", shape)
    if spec.max_ndim is not None and ndim > spec.max_ndim:
        _fail(layer_name, index, f"expected max_ndim={spec.max_ndim}, found ndim={ndim}", shape)
    if spec.min_ndim is not None and ndim < spec.min_ndim:
        _fail(layer_name, index, f"expected min_ndim={spec.min_ndim}, found ndim={ndim}", shape)
    if spec.dtype is not None and dtype is not None and standardize_dtype(dtype) != spec.dtype:
        _fail(layer_name, index, f"expected dtype={spec.dtype}, found dtype={dtype}", shape)
    for axis, value in spec.axes.items():
        if value is None:
            continue
        if axis >= ndim or axis < -ndim:
            _fail(layer_name, index, f"expected axis {axis} to exist", shape)
        actual = shape[axis]
        if actual is not None and actual != value:
            _fail(
                layer_name, index, f"expected axis {axis} of the input to have value {value}", shape
            )
    if spec.shape is not None:
        for expected, actual in zip(spec.shape, shape):
            if expected is not None and actual is not None and expected != actual:
                _fail(layer_name, index, f"expected shape={spec.shape}", shape)
