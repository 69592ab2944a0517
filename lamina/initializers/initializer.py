"""``Initializer``: the base class of everything that fills a new weight.

An initializer is called as ``initializer(shape, dtype=None)`` and returns a concrete
jax array. Built-in initializers compute their values with
``jax.ensure_compile_time_eval()``, so a layer built lazily inside a ``jax.jit`` trace
still gets concrete initial values.
"""

import numpy as np

from lamina._registry import register_builtin
from lamina.core.convert import is_float_dtype, standardize_dtype


@register_builtin
class Initializer:
    """Base class: subclasses implement ``__call__(self, shape, dtype=None)``.

    ``get_config()`` returns the constructor arguments; the default ``from_config``
    calls ``cls(**config)``.

    >>> import jax.numpy as jnp
    >>> class Twos(Initializer):
    ...     def __call__(self, shape, dtype=None):
    ...         return jnp.full(shape, 2.0, dtype=dtype)
    >>> Twos()((2,)).tolist()
    [2.0, 2.0]
    """

    def __call__(self, shape, dtype=None):
        raise NotImplementedError(
            f"{type(self).__name__} must implement __call__(self, shape, dtype=None) "
            "returning an array of that shape and dtype."
        )

    def get_config(self):
        """The constructor arguments, as a JSON-compatible dict."""
        return {}

    @classmethod
    def from_config(cls, config):
        """Rebuild an initializer from the output of :meth:`get_config`."""
        return cls(**config)

    def clone(self):
        """A new initializer with the same configuration."""
        return self.__class__.from_config(self.get_config())


def check_shape(initializer, shape) -> tuple:
    """``shape`` as a tuple of non-negative ints, or an error naming ``initializer``.

    >>> check_shape(Initializer(), [2, np.int64(3)])
    (2, 3)
    """
    name = type(initializer).__name__
    try:
        dims = tuple(shape)
    except TypeError:
        raise ValueError(
            f"{name}: shape must be a tuple of ints, received {shape!r}."
        ) from None
    for d in dims:
        if d is None or not isinstance(d, (int, np.integer)) or isinstance(d, bool) or d < 0:
            raise ValueError(
                f"{name}: shape must be fully defined (non-negative ints), received "
                f"{dims!r}. Weights need a known shape; build the layer with a known input "
                "shape."
            )
    return tuple(int(d) for d in dims)


def check_float_dtype(initializer, dtype) -> str:
    """``dtype`` as a name (``floatx()`` for None); random values need a float dtype.

    >>> check_float_dtype(Initializer(), None)
    'float32'
    """
    dtype = standardize_dtype(dtype)
    if not is_float_dtype(dtype):
        raise ValueError(
            f"{type(initializer).__name__}: dtype must be a floating dtype (random values "
            f"are floats), received dtype={dtype!r}. Use a float dtype, or an initializer "
            "such as Zeros/Ones/Constant for integer weights."
        )
    return dtype
