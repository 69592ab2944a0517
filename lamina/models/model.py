"""``Model``: a ``Layer`` that can be trained (``Trainer``), built three ways.

- functional: ``Model(inputs, outputs)`` holds the graph between them;
- subclassed: override ``__init__`` (create layers) and ``call``; built on first call or
  by ``fit`` from the first batch;
- ``Sequential`` (see ``sequential.py``).

>>> import lamina, numpy as np
>>> x = lamina.Input(shape=(3,))
>>> model = Model(x, lamina.layers.Dense(2)(x))
>>> model.predict(np.ones((4, 3)), verbose=0).shape
(4, 2)
"""

import importlib

from lamina._registry import register_builtin
from lamina.layers.layer import Layer
from lamina.models import functional
from lamina.trainers.trainer import Trainer
from lamina.utils import tree
from lamina.utils.shapes import map_shapes


@register_builtin(names=("Functional",))  # Keras 3's class name of functional models
class Model(Trainer, Layer):
    """A trainable composition of layers: ``Model(inputs, outputs, name=None)`` or a subclass."""

    def __init__(self, *args, **kwargs):
        inputs = kwargs.pop("inputs", args[0] if len(args) > 0 else None)
        outputs = kwargs.pop("outputs", args[1] if len(args) > 1 else None)
        if (inputs is None) != (outputs is None):
            raise ValueError(
                "Model(inputs, outputs): pass both inputs and outputs for a functional model, "
                "or neither for a subclassed model."
            )
        Layer.__init__(self, **kwargs)
        Trainer.__init__(self)
        self._function = None
        self._inputs_structure = None
        self._outputs_structure = None
        if inputs is not None:
            functional.init_graph(self, inputs, outputs)

    # --------------------------------------------------------------- graph
    @property
    def is_functional(self) -> bool:
        return self._function is not None

    def _sublayers(self) -> list:
        if self._function is not None:
            return functional.graph_layers(self._function)
        return super()._sublayers()

    @property
    def layers(self) -> list:
        """The model's layers (for functional models, in graph order, InputLayers included)."""
        return [layer for layer in self._sublayers() if layer is not self]

    def get_layer(self, name=None, index=None):
        """A layer by ``name`` or by ``index`` in ``layers``."""
        if index is not None:
            if not -len(self.layers) <= index < len(self.layers):
                raise ValueError(
                    f"Model '{self.name}'.get_layer: index {index} is out of range; the model "
                    f"has {len(self.layers)} layers."
                )
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"Model '{self.name}' has no layer named {name!r}. Layers: "
            f"{[layer.name for layer in self.layers]}."
        )

    @property
    def inputs(self):
        return None if self._function is None else list(self._function.inputs)

    @property
    def outputs(self):
        return None if self._function is None else list(self._function.outputs)

    @property
    def input(self):
        return self._inputs_structure

    @property
    def output(self):
        return self._outputs_structure

    @property
    def input_shape(self):
        """Shape(s) of the model's inputs (functional models)."""
        return _shapes_of(self._inputs_structure)

    @property
    def output_shape(self):
        """Shape(s) of the model's outputs (functional models)."""
        return _shapes_of(self._outputs_structure)

    @property
    def input_names(self) -> list:
        return [] if self._function is None else [x.name for x in self._function.inputs]

    @property
    def output_names(self) -> list:
        if self._function is None:
            return []
        return functional.output_names(self)

    # ---------------------------------------------------------------- call
    def call(self, inputs, training=None, mask=None):
        if self._function is None:
            raise NotImplementedError(
                f"Model '{self.name}' ({type(self).__name__}) has no call(): subclass Model and "
                "implement call(), or build it functionally with Model(inputs, outputs)."
            )
        return functional.run_graph(self, inputs, mask)[0]

    def _call_and_mask(self, args, kwargs, previous_mask):
        if self._function is None:
            return super()._call_and_mask(args, kwargs, previous_mask)
        inputs = args[0] if args else kwargs["inputs"]
        return functional.run_graph(self, inputs, previous_mask)

    def compute_mask(self, inputs, mask=None):
        if self._function is None:
            return None
        return functional.run_graph(self, inputs, mask)[1]

    def _build_on_first_call(self, spec, args, kwargs):
        if type(self).build is Model.build:
            # Subclassed model without its own build: sublayers build during this call.
            first = args[0] if args else kwargs.get(spec.first_name)
            shapes = tree.map_structure(lambda x: getattr(x, "shape", None), first)
            self._build_shapes = {"input_shape": shapes}
            self.built = True
            return
        super()._build_on_first_call(spec, args, kwargs)

    def build(self, input_shape=None):
        if self._function is not None:
            self.built = True
            return
        if input_shape is None:
            raise ValueError(
                f"Model '{self.name}'.build needs an input_shape, e.g. build((None, 16))."
            )
        # A subclassed model is built by running it once on symbolic inputs.
        from lamina.core.keras_tensor import KerasTensor

        symbolic = map_shapes(lambda s: KerasTensor(s, "float32"), input_shape)
        self.built = True
        try:
            self(symbolic)
        except Exception:
            self.built = False
            raise

    # --------------------------------------------------------------- config
    def get_config(self):
        if self._function is not None:
            from lamina.models.functional_config import functional_config

            return functional_config(self)
        config = {"name": self.name, "trainable": self.trainable}
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        if "layers" in config and "input_layers" in config:
            from lamina.models.functional_config import functional_from_config

            return functional_from_config(cls, config, custom_objects)
        return cls(**config)

    def get_compile_config(self):
        """The ``compile`` arguments, serialized (Keras 3 ``compile_config``), or None."""
        if not self.compiled:
            return None
        return importlib.import_module("lamina.saving.model_config").compile_config(self)

    def compile_from_config(self, config):
        """``compile`` again from :meth:`get_compile_config` output."""
        importlib.import_module("lamina.saving.model_config").compile_from_config(self, config)

    # Saving lives on rung 10, above models: these entry points look it up at call time.
    def save(self, filepath, overwrite=True, **kwargs):
        """Save the whole model (config, weights, optimizer state) to a ``.keras`` file.

        The file never holds code, is written atomically, and loads with
        ``lamina.saving.load_model``.
        """
        _saving().save_model(self, filepath, overwrite=overwrite, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None):
        """Save weights (and optimizer state): ``.weights.safetensors`` or ``.weights.h5``."""
        _saving().save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch=False):
        """Load weights saved by ``save_weights`` / ``save`` (lamina or Keras 3 files)."""
        _saving().load_weights(self, filepath, skip_mismatch=skip_mismatch)

    def summary(
        self,
        line_length=None,
        positions=None,
        print_fn=None,
        expand_nested=False,
        show_trainable=False,
        layer_range=None,
    ):
        """Print layers, output shapes, parameter counts and which outputs carry a mask.

        A rich table on a terminal, plain text otherwise (or through ``print_fn``); see
        ``lamina.visualization.print_summary``. (The summary lives on rung 10, above
        models, so it is looked up at call time rather than imported.)
        """
        summary_module = importlib.import_module("lamina.visualization.summary")
        summary_module.print_summary(
            self,
            line_length=line_length,
            positions=positions,
            print_fn=print_fn,
            expand_nested=expand_nested,
            show_trainable=show_trainable,
            layer_range=layer_range,
        )


def _saving():
    return importlib.import_module("lamina.saving")


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Load a ``.keras`` file (see ``lamina.saving.load_model``); never runs code from it."""
    return _saving().load_model(
        filepath, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode
    )


def _shapes_of(structure):
    if structure is None:
        raise AttributeError(
            "This model has no symbolic inputs/outputs (a subclassed model): its shapes are "
            "known only from data."
        )
    if isinstance(structure, dict):
        return {k: tuple(v.shape) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [tuple(x.shape) for x in structure]
    return tuple(structure.shape)
