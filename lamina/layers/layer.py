"""``Layer``: state (weights) plus a computation (``call``), with the talk's call pipeline.

``Layer.__call__`` runs these steps, one private method each:

1. symbolic (any KerasTensor argument) or eager;
2. ``input_spec`` check;
3. ``build(input_shape)`` if not built, then the ``input_spec`` check again;
4. masks: fetched from the inputs (or the executor) and handed to ``call(mask=...)``;
   a mask reaching a layer that can neither consume nor carry it is an error;
5. ``training``: explicit argument, else the enclosing call's, else ``call``'s default
   (and, for a mixed-precision policy, float weights are read in the compute dtype
   until ``call`` returns);
6. symbolic: output spec by tracing ``call`` with ``jax.eval_shape`` (``dynamic=True``
   layers use ``compute_output_shape`` instead); eager: run ``call``;
7. output masks from ``compute_mask``, attached to the outputs;
8. symbolic: a ``Node`` recording the call.

>>> import numpy as np
>>> class Scale(Layer):
...     def build(self, input_shape):
...         self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
...     def call(self, x):
...         return x * self.w
>>> Scale()(np.ones((2, 3))).shape
(2, 3)
"""

import jax
import jax.numpy as jnp
import numpy as np

from lamina import constraints, dtype_policies, initializers, regularizers
from lamina import metrics as metrics_module
from lamina._registry import register_builtin, serialize_keras_object
from lamina.core import context, masking
from lamina.core.convert import convert_to_tensor, is_float_dtype, standardize_dtype
from lamina.core.keras_tensor import KerasTensor
from lamina.core.scopes import StatelessScope
from lamina.core.shape_inference import compute_output_spec
from lamina.core.variable import Variable
from lamina.layers import tracking
from lamina.layers.call_spec import build_params_for, call_spec_for, overrides
from lamina.layers.input_spec import assert_input_compatibility
from lamina.ops.node import Node
from lamina.ops.operation import (
    MaskInfo,
    MaskNotSupportedError,
    Operation,
    any_symbolic,
    flatten_output_masks,
)
from lamina.utils import tree
from lamina.utils.shapes import map_shapes


class Layer(Operation):
    """Base class of all layers. Subclasses implement ``build`` (optional) and ``call``.

    Args:
        trainable: whether the layer's weights are updated by training.
        dtype: a dtype policy or its name: a dtype (``"float32"``) for the weights and
            the computation, or ``"mixed_float16"`` / ``"mixed_bfloat16"`` (16-bit
            computation, float32 weights read cast inside ``call``); default: the
            global policy (``lamina.mixed_precision.set_global_policy``).
        autocast: cast float inputs to the compute dtype, and float weights (those
            added with ``autocast=True``) to it inside ``call``.
        dynamic: the layer cannot be traced (Python control flow on values); models
            containing it run eagerly, and symbolic use needs ``compute_output_shape``.
        activity_regularizer: penalty on the layer's outputs, added with ``add_loss``.
        name: unique name (default: snake_case class name).
    """

    supports_masking = False

    def __init__(
        self,
        *,
        activity_regularizer=None,
        trainable=True,
        dtype=None,
        autocast=True,
        name=None,
        dynamic=False,
        **kwargs,
    ):
        input_shape = kwargs.pop("input_shape", None)
        input_dim = kwargs.pop("input_dim", None)
        batch_input_shape = kwargs.pop("batch_input_shape", None)
        batch_size = kwargs.pop("batch_size", None)
        if kwargs:
            raise TypeError(
                f"{type(self).__name__}: unexpected keyword argument(s) "
                f"{sorted(kwargs)}. Check the spelling against the layer's documented "
                "arguments."
            )
        super().__init__(name=name)
        self._dtype_policy = _policy_from(dtype, type(self).__name__)
        self.autocast = autocast
        self.dynamic = dynamic
        self.built = False
        self.input_spec = None
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self._trainable = bool(trainable)
        self._trainable_variables: list[Variable] = []
        self._non_trainable_variables: list[Variable] = []
        self._losses: list = []
        self._added_metrics: dict = {}
        self._build_shapes = None
        if input_dim is not None and input_shape is None:
            input_shape = (input_dim,)
        if batch_input_shape is not None:
            self._batch_input_shape = tuple(batch_input_shape)
        elif input_shape is not None:
            self._batch_input_shape = (batch_size, *tuple(input_shape))
        else:
            self._batch_input_shape = None

    # ------------------------------------------------------------------ dtype
    @property
    def dtype_policy(self):
        """The layer's :class:`~lamina.dtype_policies.DTypePolicy` (from ``dtype=``, else
        the global policy when the layer was created)."""
        return self._dtype_policy

    @dtype_policy.setter
    def dtype_policy(self, value):
        self._dtype_policy = _policy_from(value, type(self).__name__)

    @property
    def dtype(self) -> str:
        """Dtype of the layer's weights (``variable_dtype``)."""
        return self._dtype_policy.variable_dtype

    @property
    def variable_dtype(self) -> str:
        return self._dtype_policy.variable_dtype

    @property
    def compute_dtype(self) -> str:
        """Dtype of the layer's computations: float inputs are cast to it and, for a
        mixed-precision policy, float weights are read in it inside ``call``."""
        return self._dtype_policy.compute_dtype

    # ------------------------------------------------------------------ state
    def add_weight(
        self,
        shape=None,
        initializer=None,
        dtype=None,
        trainable=True,
        autocast=True,
        regularizer=None,
        constraint=None,
        aggregation="none",
        name=None,
    ):
        """Create a weight Variable owned by this layer (Keras 3 signature).

        The initializer defaults to ``"glorot_uniform"`` for floats, ``"zeros"`` otherwise.
        """
        shape = () if shape is None else tuple(int(d) for d in shape)
        dtype = standardize_dtype(dtype or self.variable_dtype)
        if initializer is None:
            initializer = "glorot_uniform" if is_float_dtype(dtype) else "zeros"
        init = initializers.get(initializer)
        variable = Variable(
            init,
            shape=shape,
            dtype=dtype,
            trainable=trainable,
            name=name or "variable",
            autocast=autocast,
            aggregation=aggregation,
            regularizer=regularizers.get(regularizer),
            constraint=constraints.get(constraint),
        )
        variable.path = f"{self.name}/{variable.name}"
        (self._trainable_variables if trainable else self._non_trainable_variables).append(variable)
        return variable

    def add_variable(
        self,
        shape,
        initializer,
        dtype=None,
        trainable=True,
        autocast=True,
        regularizer=None,
        constraint=None,
        name=None,
    ):
        """Alias of :meth:`add_weight` (Keras 3 name)."""
        return self.add_weight(
            shape=shape,
            initializer=initializer,
            dtype=dtype,
            trainable=trainable,
            autocast=autocast,
            regularizer=regularizer,
            constraint=constraint,
            name=name,
        )

    def _sublayers(self) -> list:
        """Direct sublayers, in attribute order (functional models override this)."""
        return [x for x in tracking.attributes_of_kind(self, Layer) if x is not self]

    def _flatten_layers(self, include_self=True, recursive=True) -> list:
        result, seen, stack = [], set(), [self]
        while stack:
            layer = stack.pop(0)
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            if layer is not self or include_self:
                result.append(layer)
            if layer is self or recursive:
                children = [c for c in layer._sublayers() if id(c) not in seen]
                stack = children + stack if recursive else stack + children
        return result

    def _own_weights(self) -> list:
        known = {id(v) for v in self._trainable_variables + self._non_trainable_variables}
        known.update(id(s) for s in self._own_seed_states())
        extra = [v for v in tracking.attribute_variables(self) if id(v) not in known]
        trainable = self._trainable_variables + [v for v in extra if v.trainable]
        frozen = self._non_trainable_variables + [v for v in extra if not v.trainable]
        return trainable + frozen

    def _own_seed_states(self) -> list:
        return [g.state for g in tracking.attribute_seed_generators(self)]

    @property
    def weights(self) -> list:
        """All weights (own trainable, own non-trainable, then sublayers'), Keras order."""
        return _unique(w for layer in self._flatten_layers() for w in layer._own_weights())

    @property
    def trainable_weights(self) -> list:
        if not self.trainable:
            return []
        return [w for w in self.weights if w.trainable]

    @property
    def non_trainable_weights(self) -> list:
        if not self.trainable:
            return self.weights
        return [w for w in self.weights if not w.trainable]

    @property
    def variables(self) -> list:
        """Weights plus seed-generator states (the full state of the layer)."""
        seeds = [s for layer in self._flatten_layers() for s in layer._own_seed_states()]
        return _unique(self.weights + seeds)

    @property
    def trainable_variables(self) -> list:
        return self.trainable_weights

    @property
    def non_trainable_variables(self) -> list:
        trainable_ids = {id(v) for v in self.trainable_weights}
        return [v for v in self.variables if id(v) not in trainable_ids]

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        value = bool(value)
        for layer in self._flatten_layers():
            layer._trainable = value
            for v in layer._trainable_variables:
                v.trainable = value

    def get_weights(self) -> list:
        """Weight values as numpy arrays, in ``weights`` order."""
        return [np.asarray(w.value) for w in self.weights]

    def set_weights(self, weights) -> None:
        """Assign numpy arrays to ``weights`` (same count, same shapes)."""
        own = self.weights
        if len(weights) != len(own):
            raise ValueError(
                f"Layer '{self.name}'.set_weights: expected {len(own)} arrays "
                f"({[w.path for w in own]}), received {len(weights)}."
            )
        for variable, value in zip(own, weights):
            value = np.asarray(value)
            if tuple(value.shape) != variable.shape:
                raise ValueError(
                    f"Layer '{self.name}'.set_weights: weight {variable.path!r} has shape "
                    f"{variable.shape}, received an array of shape {tuple(value.shape)}."
                )
            variable.assign(value)

    def count_params(self) -> int:
        if not self.built:
            raise ValueError(
                f"Layer '{self.name}' is not built yet, so its weights do not exist. Call it "
                "on data (or call build(input_shape)) first."
            )
        return int(sum(w.size for w in self.weights))

    # ----------------------------------------------------------------- losses
    def add_loss(self, loss) -> None:
        """Add a scalar loss term (collected in the active scope, or kept on the layer)."""
        for value in tree.flatten(loss):
            if value is None:
                continue
            scopes = context.stateless_scopes()
            if scopes:
                if scopes[-1].collect_losses:
                    scopes[-1].add_loss(self, value)
                continue  # shape inference / pure calls that do not collect: dropped by design
            self._losses.append(convert_to_tensor(value))

    def add_metric(self, value, name=None, aggregation="mean"):
        """Log ``value`` under ``name`` (the talk's metric-logging layers).

        Inside ``fit``/``evaluate`` the values are aggregated across batches (``"mean"``
        or ``"sum"``), reset each epoch, and shown in the logs and the progress bar.
        Called eagerly, the layer keeps a tracker per name (see ``metrics``). The same
        name twice in one forward pass is an error.
        """
        if not name:
            raise ValueError(
                f"Layer '{self.name}'.add_metric: pass name= (it is the key in the logs)."
            )
        if aggregation not in ("mean", "sum"):
            raise ValueError(
                f"Layer '{self.name}'.add_metric('{name}'): aggregation must be 'mean' or "
                f"'sum', received {aggregation!r}."
            )
        if context.in_symbolic_trace():
            return  # shape inference traces call() twice; nothing is logged there
        call = context.call_context()
        if call is not None:
            if name in call.metric_names:
                raise ValueError(
                    f"Layer '{self.name}'.add_metric: the name '{name}' was already used in this "
                    "forward pass; each metric name may be added once per call."
                )
            call.metric_names.add(name)
        scopes = context.stateless_scopes()
        if scopes:
            if scopes[-1].collect_losses:
                scopes[-1].add_metric(self, name, value, aggregation)
            return
        tracker = self._added_metrics.get(name)
        if tracker is None:
            cls = metrics_module.Mean if aggregation == "mean" else metrics_module.Sum
            tracker = self._added_metrics[name] = cls(name=name)
        tracker.update_state(value)

    @property
    def metrics(self) -> list:
        """Trackers of eager ``add_metric`` calls in this layer and its sublayers."""
        return [m for layer in self._flatten_layers() for m in layer._added_metrics.values()]

    def _own_losses(self) -> list:
        scopes = context.stateless_scopes()
        if scopes and scopes[-1].collect_losses:
            return [v for layer, v in scopes[-1].losses if layer is self]
        return list(self._losses)

    @property
    def losses(self) -> list:
        """``add_loss`` terms of the last call (self and sublayers) + weight regularizers."""
        result = []
        for layer in self._flatten_layers():
            result.extend(layer._own_losses())
        for w in self.trainable_weights:
            if w.regularizer is not None:
                result.append(w.regularizer(w.value))
        return result

    def _clear_losses(self) -> None:
        for layer in self._flatten_layers():
            layer._losses.clear()

    # ------------------------------------------------------------ build/call
    def build(self, input_shape=None):
        """Create the weights, knowing the input shape. Default: nothing to create."""
        self.built = True

    def call(self, *args, **kwargs):
        raise NotImplementedError(f"Layer {type(self).__name__} does not implement call().")

    def compute_mask(self, inputs, mask=None):
        """Output mask. Default: pass the mask through if ``supports_masking``, else None."""
        return mask if self.supports_masking else None

    def compute_output_shape(self, input_shape):
        """Output shape(s) for an input shape (batch axis included, ``None`` if unknown).

        The default traces ``call`` with ``jax.eval_shape``; a ``dynamic=True`` layer
        cannot be traced and must override this to be used in a functional model.
        """
        if self.dynamic:
            raise NotImplementedError(
                f"Layer '{self.name}' ({type(self).__name__}) is dynamic=True, so it cannot be "
                "traced to infer its output shape: implement "
                "compute_output_shape(input_shape) to use it in a functional model."
            )
        symbolic = map_shapes(lambda s: KerasTensor(s, self.compute_dtype), input_shape)
        outputs = self.compute_output_spec(symbolic)
        return tree.map_structure(lambda x: x.shape, outputs)

    def compute_output_spec(self, *args, **kwargs):
        return compute_output_spec(self.call, *args, **kwargs)

    def __call__(self, *args, **kwargs):
        spec = call_spec_for(type(self))
        masks = {}
        for name, value in spec.bind_tensor_args(args, kwargs).items():
            masks[name] = tree.map_structure(_attached_mask, value)
        outputs, output_masks = self._run_pipeline(args, kwargs, masks, from_graph=False)
        flat_outputs = tree.flatten(outputs)
        flat_masks = flatten_output_masks(output_masks, len(flat_outputs))
        for x, info in zip(flat_outputs, flat_masks):
            if x is not None and hasattr(x, "shape"):
                masking.set_mask(x, MaskInfo.unwrap(info), info.origin if info else None)
        if any_symbolic(args, kwargs):
            Node(self, args, kwargs, outputs)
        return outputs

    def run_with_masks(self, args, kwargs, arg_masks):
        """Executor entry: masks come next to the values, not from attributes."""
        spec = call_spec_for(type(self))
        arg_mask_struct, kwarg_mask_struct = arg_masks
        masks = {}
        for name, value in zip(spec.positional, arg_mask_struct):
            masks[name] = value
        for name, value in kwarg_mask_struct.items():
            if name in spec.positional:
                masks[name] = value
        return self._run_pipeline(args, kwargs, masks, from_graph=True)

    def _run_pipeline(self, args, kwargs, masks, from_graph):
        spec = call_spec_for(type(self))
        symbolic = any_symbolic(args, kwargs)  # step 1
        if not symbolic:
            args, kwargs = self._convert_inputs(spec, args, kwargs)
        first = args[0] if args else kwargs.get(spec.first_name)
        assert_input_compatibility(self.input_spec, first, self.name)  # step 2
        if not self.built:  # step 3
            self._build_on_first_call(spec, args, kwargs)
            assert_input_compatibility(self.input_spec, first, self.name)
        kwargs = dict(kwargs)
        previous_mask, previous_origin = self._route_masks(spec, kwargs, masks)  # step 4
        outer = context.call_context()
        training = self._resolve_training(spec, kwargs, outer)  # step 5
        token = context.enter_call_context(
            context.CallContext(
                entry_layer=outer.entry_layer if outer else self,
                training=training,
                metric_names=outer.metric_names if outer else set(),
            )
        )
        autocast_token = context.set_autocast_dtype(self._autocast_dtype())
        try:
            if outer is None and not symbolic and not context.stateless_scopes():
                self._clear_losses()
            if symbolic:  # step 6 + 7
                outputs, raw_masks, passthrough = self._symbolic_outputs(
                    args, kwargs, previous_mask
                )
            else:
                try:
                    outputs, raw_masks = self._call_and_mask(args, kwargs, previous_mask)
                except jax.errors.ConcretizationTypeError as error:
                    raise _control_flow_error(self, error) from None
                passthrough = None
            output_masks = self._label_masks(raw_masks, previous_mask, passthrough, previous_origin)
            if self.activity_regularizer is not None and not symbolic:
                for out in tree.flatten(outputs):
                    if hasattr(out, "shape") and len(out.shape) > 0:
                        # Keras 3: the penalty is averaged over the batch.
                        batch = jnp.asarray(out.shape[0], "float32")
                        self.add_loss(self.activity_regularizer(out) / batch)
        finally:
            context.reset_autocast_dtype(autocast_token)
            context.exit_call_context(token)
        return outputs, output_masks

    def _autocast_dtype(self):
        """The dtype float weights are read in during ``call`` (None: their own)."""
        policy = self._dtype_policy
        if self.autocast and policy.compute_dtype != policy.variable_dtype:
            return policy.compute_dtype
        return None

    # ------------------------------------------------------------- pipeline steps
    def _convert_inputs(self, spec, args, kwargs):
        def convert(x):
            if isinstance(x, Variable):
                x = x.value
            if isinstance(x, (np.ndarray, np.generic)):
                x = convert_to_tensor(x)
            if (
                isinstance(x, jax.Array)
                and self.autocast
                and is_float_dtype(x.dtype)
                and x.dtype != self.compute_dtype
            ):
                x = x.astype(self.compute_dtype)
            return x

        if args:
            args = (tree.map_structure(convert, args[0]), *args[1:])
        elif spec.first_name in kwargs:
            kwargs = {
                **kwargs,
                spec.first_name: tree.map_structure(convert, kwargs[spec.first_name]),
            }
        return args, kwargs

    def _build_on_first_call(self, spec, args, kwargs):
        bound = spec.bind_tensor_args(args, kwargs)
        stand_in = context.symbolic_stand_in()  # inside shape inference: an unknown dim

        def shape_of(x):
            shape = _shape_of(x)
            if shape is None or not stand_in:
                return shape
            return tuple(None if d == stand_in else d for d in shape)

        shapes = {name: tree.map_structure(shape_of, value) for name, value in bound.items()}
        if overrides(self, "build", Layer):
            build_params = build_params_for(type(self))
            by_name = {
                f"{name}_shape": shape
                for name, shape in shapes.items()
                if f"{name}_shape" in build_params
            }
            if len(by_name) > 1 or (by_name and spec.first_name is None):
                self.build(**by_name)
                self._build_shapes = by_name
            else:
                first_shape = shapes.get(spec.first_name)
                self.build(first_shape)
                self._build_shapes = {"input_shape": first_shape}
        else:
            self._build_shapes = {"input_shape": shapes.get(spec.first_name)}
        self.built = True

    def _route_masks(self, spec, kwargs, masks):
        """Step 4: give ``call`` its masks; refuse masks that would be lost."""
        first_masks = masks.get(spec.first_name)
        explicit = kwargs.pop("mask", None) if not spec.takes_mask else kwargs.get("mask")
        if explicit is not None:
            first_masks = tree.map_structure(MaskInfo.wrap, explicit)
            first_param = spec.arg_mask_params.get(spec.first_name)
            if first_param is not None and kwargs.get(first_param) is None:
                kwargs[first_param] = explicit  # mask= means the first argument's mask
        elif spec.takes_mask and _any_mask(first_masks):
            kwargs["mask"] = tree.map_structure(MaskInfo.unwrap, first_masks)
        consumed = {spec.first_name} if spec.takes_mask else set()
        for name, param in spec.arg_mask_params.items():
            if kwargs.get(param) is None and _any_mask(masks.get(name)):
                kwargs[param] = tree.map_structure(MaskInfo.unwrap, masks[name])
            consumed.add(name)
        carries = self.supports_masking or overrides(self, "compute_mask", Layer)
        if explicit is not None:
            masks = {**masks, spec.first_name: first_masks}
        for name, structure in masks.items():
            if _any_mask(structure) and name not in consumed and not carries:
                origin = next(m.origin for m in tree.flatten(structure) if m is not None)
                raise MaskNotSupportedError(
                    f"Layer '{self.name}' ({type(self).__name__}) received a mask on its input "
                    f"'{name}' (created by '{origin}'), but it neither consumes masks (no mask "
                    "argument in call) nor supports them (supports_masking=False), so the mask "
                    "would be silently lost. Fix: set supports_masking = True if the layer "
                    "keeps the time axis, implement compute_mask(), accept mask= in call(), or "
                    "end the mask before this layer (e.g. with a layer that consumes it)."
                )
        origins = [m.origin for m in tree.flatten(first_masks) if m is not None]
        origin = origins[0] if origins else None
        if explicit is not None:
            return explicit, origin
        return tree.map_structure(MaskInfo.unwrap, first_masks), origin

    def _resolve_training(self, spec, kwargs, outer):
        explicit = kwargs.get("training")
        if explicit is not None:
            training = explicit
        elif outer is not None and outer.training is not None:
            training = outer.training
        else:
            training = spec.training_default
        if spec.takes_training:
            kwargs["training"] = training
        else:
            kwargs.pop("training", None)
        return training

    def _masks_for(self, inputs, previous_mask, outputs):
        if not (self.supports_masking or overrides(self, "compute_mask", Layer)):
            return None
        return self.compute_mask(inputs, previous_mask)

    def _call_and_mask(self, args, kwargs, previous_mask):
        """``call`` then ``compute_mask``; functional models override to do both at once."""
        outputs = self.call(*args, **kwargs)
        first = args[0] if args else kwargs.get(call_spec_for(type(self)).first_name)
        return outputs, self._masks_for(first, previous_mask, outputs)

    def _symbolic_outputs(self, args, kwargs, previous_mask):
        if self.dynamic and not overrides(self, "compute_output_spec", Layer):
            outputs = self._outputs_from_shape_fn(args, kwargs)
            return outputs, self._symbolic_masks(args, previous_mask, outputs), None
        if overrides(self, "compute_output_spec", Layer):
            outputs = self.compute_output_spec(*args, **kwargs)
            return outputs, self._symbolic_masks(args, previous_mask, outputs), None
        passthrough = []

        def traced(a, k, pm):
            outs, ms = self._call_and_mask(a, k, pm)
            flat_pm = tree.flatten(pm)
            passthrough[:] = [
                any(m is p for p in flat_pm if p is not None) for m in tree.flatten(ms)
            ]
            return outs, ms

        try:
            outputs, raw_masks = compute_output_spec(traced, args, kwargs, previous_mask)
        except jax.errors.ConcretizationTypeError as error:
            raise _control_flow_error(self, error) from None
        return outputs, raw_masks, passthrough

    def _symbolic_masks(self, args, previous_mask, outputs):
        """Output masks of a layer that is not traced (dynamic or own output spec)."""
        if not overrides(self, "compute_mask", Layer):
            return self._masks_for(args[0] if args else None, previous_mask, outputs)
        return compute_output_spec(self.compute_mask, args[0] if args else None, previous_mask)

    def _outputs_from_shape_fn(self, args, kwargs):
        shapes = tree.map_structure(_shape_of, args[0] if args else None)
        out_shapes = self.compute_output_shape(shapes)
        return map_shapes(lambda s: KerasTensor(s, self.compute_dtype), out_shapes)

    def _label_masks(self, raw_masks, previous_mask, passthrough, prev_origin):
        """Wrap output masks in MaskInfo with their origin (kept when passed through)."""
        if raw_masks is None:
            return None
        prev = [p for p in tree.flatten(previous_mask) if p is not None]
        flat = tree.flatten(raw_masks)
        infos = []
        for i, m in enumerate(flat):
            if m is None:
                infos.append(None)
                continue
            same = (
                passthrough[i]
                if passthrough is not None and i < len(passthrough)
                else any(m is p for p in prev)
            )
            infos.append(MaskInfo(m, (prev_origin or self.name) if same else self.name))
        return tree.pack_sequence_as(raw_masks, infos) if tree.is_nested(raw_masks) else infos[0]

    # ------------------------------------------------------------- pure calls
    def stateless_call(
        self, trainable_variables, non_trainable_variables, *args, return_losses=False, **kwargs
    ):
        """Call the layer as a pure function of the given variable values.

        Returns ``(outputs, non_trainable_variables)`` (plus ``losses`` when
        ``return_losses=True``); the layer's own variables are not modified.
        """
        trainable = self.trainable_variables
        frozen = self.non_trainable_variables
        if len(trainable_variables) != len(trainable) or len(non_trainable_variables) != len(
            frozen
        ):
            raise ValueError(
                f"Layer '{self.name}'.stateless_call: expected {len(trainable)} trainable and "
                f"{len(frozen)} non-trainable values, received {len(trainable_variables)} and "
                f"{len(non_trainable_variables)}."
            )
        mapping = list(zip(trainable, trainable_variables)) + list(
            zip(frozen, non_trainable_variables)
        )
        with StatelessScope(mapping, collect_losses=return_losses) as scope:
            outputs = self(*args, **kwargs)
            losses = self.losses if return_losses else None
        new_frozen = [scope.get_current_value(v) for v in frozen]
        if return_losses:
            return outputs, new_frozen, losses
        return outputs, new_frozen

    # --------------------------------------------------------------- config
    def get_config(self) -> dict:
        """Constructor arguments (Keras 3 keys) that rebuild this layer."""
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": dtype_policies.serialize(self._dtype_policy),
        }
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = list(self._batch_input_shape)
        if self.activity_regularizer is not None:
            config["activity_regularizer"] = serialize_keras_object(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_build_config(self):
        if self._build_shapes is None:
            return None
        return {k: _shapes_as_lists(v) for k, v in self._build_shapes.items()}

    def build_from_config(self, config):
        if not config or self.built:
            return
        if set(config) == {"input_shape"}:
            shape = _shapes_as_tuples(config["input_shape"])
            if overrides(self, "build", Layer):
                self.build(shape)
            self._build_shapes = {"input_shape": shape}
        else:
            self.build(**{k: _shapes_as_tuples(v) for k, v in config.items()})
            self._build_shapes = dict(config)
        self.built = True

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


register_builtin(Layer)


def _control_flow_error(layer, error):
    return TypeError(
        f"Layer '{layer.name}' ({type(layer).__name__}) uses Python control flow on tensor "
        "values, which cannot be traced (in a functional model or a jitted train step). Mark it "
        "dynamic=True in its constructor (models with a dynamic layer run eagerly; implement "
        "compute_output_shape for functional use), or rewrite the branch with "
        f"lamina.ops.cond / ops.where / ops.scan. Original error: {error}"
    )


def _unique(items) -> list:
    seen, out = set(), []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out


def _shape_of(x):
    return None if x is None or not hasattr(x, "shape") else tuple(x.shape)


def _shapes_as_lists(shapes):
    if isinstance(shapes, tuple) and all(d is None or isinstance(d, int) for d in shapes):
        return list(shapes)
    if isinstance(shapes, (list, tuple)):
        return [_shapes_as_lists(s) for s in shapes]
    if isinstance(shapes, dict):
        return {k: _shapes_as_lists(v) for k, v in shapes.items()}
    return shapes


def _shapes_as_tuples(shapes):
    if isinstance(shapes, list) and all(d is None or isinstance(d, int) for d in shapes):
        return tuple(shapes)
    if isinstance(shapes, (list, tuple)):
        return [_shapes_as_tuples(s) for s in shapes]
    if isinstance(shapes, dict):
        return {k: _shapes_as_tuples(v) for k, v in shapes.items()}
    return shapes


def _attached_mask(x):
    mask = masking.get_mask(x)
    if mask is None:
        return None
    return MaskInfo(mask, masking.get_mask_origin(x))


def _any_mask(structure) -> bool:
    return any(m is not None for m in tree.flatten(structure))


def _policy_from(dtype, owner):
    """The DTypePolicy for a ``dtype=`` argument (None: the global policy)."""
    try:
        return dtype_policies.get(dtype)
    except ValueError as error:
        raise ValueError(f"{owner}: invalid dtype={dtype!r}. {error}") from None

