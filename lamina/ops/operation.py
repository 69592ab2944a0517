"""``Operation``: anything callable on eager arrays or symbolic KerasTensors.

On arrays it runs ``call``. On KerasTensors it infers output specs by tracing ``call``
with ``jax.eval_shape`` and records a :class:`Node`. Layers extend this with the full
pipeline (``lamina.layers.Layer``); plain ops (``ops.add``...) use it as is, which makes
them the talk's "automatic layers" in a functional graph.
"""

from lamina.core import masking
from lamina.core.keras_tensor import KerasTensor
from lamina.core.shape_inference import compute_output_spec
from lamina.ops.node import Node
from lamina.utils import naming, tree


class MaskNotSupportedError(ValueError):
    """A mask reached a layer or op that cannot handle it (it is never dropped silently)."""


class MaskInfo:
    """A mask travelling through the executor, with the name of the layer that made it."""

    __slots__ = ("mask", "origin")

    def __init__(self, mask, origin=None):
        self.mask = mask
        self.origin = origin

    @staticmethod
    def wrap(mask, origin="the caller (explicit mask= argument)"):
        if mask is None or isinstance(mask, MaskInfo):
            return mask
        return MaskInfo(mask, origin)

    @staticmethod
    def unwrap(info):
        return None if info is None else info.mask


def combine_masks(infos):
    """AND of the given MaskInfos (None entries ignored); None when there are none."""
    infos = [m for m in infos if m is not None]
    if not infos:
        return None
    mask = infos[0].mask
    for other in infos[1:]:
        if other.mask is not mask:
            mask = mask & other.mask
    return MaskInfo(mask, infos[0].origin)


def flatten_output_masks(output_masks, count) -> list:
    """Output masks as a flat list of ``count`` entries.

    A structure of masks pairs with the outputs position by position; a single mask
    belongs to the first output (as Keras pairs them with ``zip``).
    """
    if tree.is_nested(output_masks):
        flat = tree.flatten(output_masks)
        return (flat + [None] * count)[:count]
    return [output_masks] + [None] * (count - 1)


def any_symbolic(*structures) -> bool:
    return any(isinstance(x, KerasTensor) for x in tree.flatten(structures))


class Operation:
    """Base of ops and layers: eager ``call`` or symbolic node recording."""

    #: Elementwise ops keep the (AND-combined) mask of their tensor inputs.
    keeps_mask = False

    def __init__(self, name=None):
        self.name = name or naming.auto_name(self)
        self._inbound_nodes: list[Node] = []

    def call(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must implement call().")

    def compute_output_spec(self, *args, **kwargs):
        return compute_output_spec(self.call, *args, **kwargs)

    def __call__(self, *args, **kwargs):
        if any_symbolic(args, kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def run_with_masks(self, args, kwargs, arg_masks):
        """Executor entry: run on values with masks given next to them (MaskInfo or None)."""
        infos = [m for m in tree.flatten(arg_masks) if m is not None]
        if infos and not self.keeps_mask:
            raise MaskNotSupportedError(
                f"Op '{self.name}' received a masked tensor (mask created by "
                f"'{infos[0].origin}') but cannot carry a mask. Do this computation inside a "
                "layer that handles masks."
            )
        return self.call(*args, **kwargs), combine_masks(infos)

    def symbolic_call(self, *args, **kwargs):
        outputs = self.compute_output_spec(*args, **kwargs)
        mask, origin = self.symbolic_output_mask(args, kwargs)
        for x in tree.flatten(outputs):
            if isinstance(x, KerasTensor):
                masking.set_mask(x, mask, origin)
        Node(self, args, kwargs, outputs)
        return outputs

    def symbolic_output_mask(self, args, kwargs):
        """The mask for an op's outputs, or an error when a mask would be lost."""
        masked = [
            x
            for x in tree.flatten((args, kwargs))
            if isinstance(x, KerasTensor) and x._keras_mask is not None
        ]
        if not masked:
            return None, None
        if not self.keeps_mask:
            origin = masked[0]._keras_mask_origin
            raise MaskNotSupportedError(
                f"Op '{self.name}' received a masked tensor (mask created by layer "
                f"'{origin}') but cannot carry a mask, so the mask would be lost. Fix: "
                "do this computation inside a layer that handles masks (a Layer with "
                "supports_masking=True or compute_mask()), or end the mask explicitly "
                "before this op (e.g. a layer that consumes it, like an RNN)."
            )
        mask = masked[0]._keras_mask
        for other in masked[1:]:
            if other._keras_mask is not mask:
                mask = mask & other._keras_mask
        return mask, masked[0]._keras_mask_origin

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


class FunctionOp(Operation):
    """An op made from a plain function over jax arrays (see :func:`symbolic_aware`)."""

    def __init__(self, fn, keeps_mask=False, name=None):
        self.fn = fn
        self.keeps_mask = keeps_mask
        super().__init__(name=name or naming.uniquify(fn.__name__.strip("_")))

    def call(self, *args, **kwargs):
        return self.fn(*args, **kwargs)
