"""``DTypePolicy``: the dtype a layer computes in and the dtype its weights are stored in.

A policy named after a dtype (``"float32"``, ``"bfloat16"``...) uses it for both. The two
mixed-precision policies compute in a 16-bit float and keep the weights in float32:
``"mixed_float16"`` and ``"mixed_bfloat16"``. Layers built without ``dtype=`` take the
global policy (:func:`dtype_policy`, set with :func:`set_dtype_policy`).

>>> policy = DTypePolicy("mixed_bfloat16")
>>> policy.compute_dtype, policy.variable_dtype
('bfloat16', 'float32')
"""

import numpy as np

from lamina import config
from lamina._registry import register_builtin

_MIXED = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}
_GLOBAL = {"policy": None}


@register_builtin(names=("FloatDTypePolicy",))
class DTypePolicy:
    """A dtype policy (Keras 3 semantics).

    Args:
        name: ``"mixed_float16"``, ``"mixed_bfloat16"``, or a dtype name such as
            ``"float32"``; ``None`` gives ``config.floatx()``.

    Attributes:
        name: the policy name. compute_dtype: the dtype of the layer's computations
            (its inputs are cast to it, and so are its float weights when it reads them).
        variable_dtype: the dtype of the layer's weights.

    >>> DTypePolicy("float16").variable_dtype
    'float16'
    """

    def __init__(self, name=None):
        if name is None:
            name = config.floatx()
        if isinstance(name, DTypePolicy):
            name = name.name
        self._name = _standard_name(name)

    @property
    def name(self) -> str:
        return self._name

    @property
    def compute_dtype(self) -> str:
        return _MIXED.get(self._name, self._name)

    @property
    def variable_dtype(self) -> str:
        return "float32" if self._name in _MIXED else self._name

    @property
    def quantization_mode(self):
        """Always None: lamina has no quantized policies."""
        return None

    def get_config(self) -> dict:
        return {"name": self._name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __eq__(self, other):
        return isinstance(other, DTypePolicy) and other.name == self.name

    def __hash__(self):
        return hash(("DTypePolicy", self._name))

    def __repr__(self):
        return f'<DTypePolicy "{self._name}">'


#: Keras 3 also names the float policies ``FloatDTypePolicy``.
FloatDTypePolicy = DTypePolicy


def _standard_name(name) -> str:
    """``name`` as a policy name: a mixed policy, or a dtype name numpy knows (plus
    ``bfloat16`` and ``string``), else a ValueError listing what is accepted."""
    if isinstance(name, str) and (name in _MIXED or name in ("bfloat16", "string")):
        return name
    try:
        return np.dtype(name).name if isinstance(name, str) else _fail(name)
    except TypeError:
        return _fail(name)


def _fail(name):
    raise ValueError(
        "DTypePolicy: name must be 'mixed_float16', 'mixed_bfloat16' or a dtype name "
        f"('float32', 'bfloat16', 'int32'...), received {name!r}."
    )


def get(identifier) -> DTypePolicy:
    """A policy from a policy, a name, a Keras-style config dict, or None (the global one).

    >>> get("mixed_float16").compute_dtype
    'float16'
    >>> get({"class_name": "DTypePolicy", "config": {"name": "bfloat16"}}).name
    'bfloat16'
    """
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        if identifier.get("class_name") not in ("DTypePolicy", "FloatDTypePolicy", None):
            raise ValueError(
                f"dtype policy: unsupported class {identifier.get('class_name')!r} in "
                f"{identifier!r}; lamina knows DTypePolicy (and its alias FloatDTypePolicy)."
            )
        return DTypePolicy.from_config(identifier.get("config", identifier))
    if isinstance(identifier, str):
        return DTypePolicy(identifier)
    name = getattr(identifier, "name", None)  # a numpy / jax dtype
    if isinstance(name, str):
        return DTypePolicy(name)
    raise ValueError(
        f"dtype policy: expected a DTypePolicy, a policy or dtype name (e.g. "
        f"'mixed_float16'), or None, received {identifier!r}."
    )


def serialize(policy) -> dict:
    """The Keras 3 config dict of ``policy`` (what ``Layer.get_config()["dtype"]`` holds)."""
    policy = get(policy)
    return {"module": "keras", "class_name": "DTypePolicy",
            "config": policy.get_config(), "registered_name": None}


def deserialize(config) -> DTypePolicy:
    """The inverse of :func:`serialize` (also takes a plain name)."""
    return get(config)


def set_dtype_policy(policy) -> None:
    """Set the global policy: layers created afterwards without ``dtype=`` use it.

    >>> set_dtype_policy("mixed_bfloat16")
    >>> dtype_policy().name
    'mixed_bfloat16'
    >>> set_dtype_policy(None)  # back to config.floatx()
    """
    _GLOBAL["policy"] = None if policy is None else get(policy)


def dtype_policy() -> DTypePolicy:
    """The global policy (``DTypePolicy(config.floatx())`` unless set)."""
    return _GLOBAL["policy"] or DTypePolicy(config.floatx())
