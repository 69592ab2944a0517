"""``Muon``: momentum orthogonalized by Newton-Schulz, with an AdamW fallback (Keras 3).

Muon (Keller Jordan, 2024; Liu et al., 2025) updates a 2D weight matrix with its
momentum made (nearly) orthogonal: a few Newton-Schulz iterations push every singular
value of the momentum towards 1, so the step moves all directions of the matrix at the
same rate. Parameters for which that makes no sense use Keras' AdamW step instead.

Which rule a variable gets (decided when the optimizer is built, from its ``path``):

- AdamW for every variable that is not 2D (biases, scalars, conv kernels);
- AdamW when ``exclude_embeddings`` and ``"embedding"`` appears in the lower-cased path;
- AdamW when one of the ``exclude_layers`` regular expressions is found in the path
  (``re.search``; typically the name of the final dense layer);
- Muon for everything else.

The maths, as in Keras 3:

- Muon rule: ``m = m + (g + m * (momentum - 1))``; the direction is
  ``g + momentum * m`` (``nesterov=True``) or ``m``; it is orthogonalized (see
  :func:`newton_schulz`) and the variable moves by ``-lr * O``, times
  ``sqrt(max(rows, cols)) * rms_rate`` unless ``rms_rate`` is ``None`` (Moonlight's
  scaling, which lets Muon share Adam's learning rate and weight decay);
- AdamW rule: Keras' Adam step with ``adam_beta_1``, ``adam_beta_2``, ``epsilon`` and
  the learning rate times ``adam_lr_ratio``;
- decoupled weight decay ``var -= var * wd * learning_rate`` before the step, with
  ``weight_decay`` for Muon variables and ``adam_weight_decay`` for AdamW ones
  (``exclude_from_weight_decay`` applies to both).

Slots, in Keras order: per variable a ``momentum``, followed by a ``velocity`` for the
AdamW-rule variables only.

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> w = Variable(jnp.eye(2), name="w")
>>> b = Variable(jnp.zeros(2), name="b")
>>> opt = Muon(learning_rate=0.1, weight_decay=None, adam_weight_decay=None)
>>> opt.apply([jnp.ones((2, 2)), jnp.ones(2)], [w, b])
>>> [v.path for v in opt.variables[2:]]  # w: momentum; b: momentum and velocity
['muon/w_momentum', 'muon/b_momentum', 'muon/b_velocity']
"""

import numbers
import re

import jax.numpy as jnp
import optax

from lamina._registry import register_builtin
from lamina.optimizers._adam_family import moving_average, power
from lamina.optimizers._base_arguments import base_arguments
from lamina.optimizers.optimizer import Optimizer


def swap_last_axes(x):
    """``x`` with its last two axes exchanged (the transpose of each matrix).

    >>> swap_last_axes(jnp.zeros((2, 3, 4))).shape
    (2, 4, 3)
    """
    return jnp.swapaxes(x, -1, -2)


def newton_schulz(x, steps, a, b, c):
    """The quintic Newton-Schulz iteration that Muon uses to orthogonalize ``x``.

    ``x`` (at least 2D; the last two axes form the matrices) is first scaled by its
    Frobenius norm (plus ``1e-7``), so its spectral norm is at most 1; a tall matrix is
    transposed so the Gram matrix is the small one. Each of the ``steps`` iterations
    maps ``X`` to ``a X + (b A + c A A) X`` with ``A = X X^T``: with Keras' default
    coefficients the singular values are driven into a band around 1 (about 0.7 to
    1.2), quickly rather than exactly (close to ``U V^T`` of the SVD, not equal to it).

    >>> out = newton_schulz(jnp.array([[3.0, 0.0], [0.0, 0.5]]), 5, 3.4445, -4.7750, 2.0315)
    >>> [round(float(s), 1) for s in jnp.linalg.svd(out, compute_uv=False)]
    [1.0, 0.7]
    """
    if x.ndim < 2:
        raise ValueError(
            "Muon: the Newton-Schulz orthogonalization needs an input with at least 2 "
            f"dimensions (a matrix). Received: shape={tuple(x.shape)}"
        )
    tall = x.shape[-2] > x.shape[-1]
    if tall:
        x = swap_last_axes(x)
    x = x / (jnp.linalg.norm(x, axis=(-2, -1), keepdims=True) + 1e-7)
    for _ in range(steps):
        gram = x @ swap_last_axes(x)
        polynomial = b * gram + (c * gram) @ gram
        x = a * x + polynomial @ x
    return swap_last_axes(x) if tall else x


def moonlight_scale(update, rms_rate):
    """``update * sqrt(max(rows, cols)) * rms_rate`` (``update`` itself if ``rms_rate``
    is ``None``): Moonlight's matching of Muon's update size to AdamW's.

    >>> float(moonlight_scale(jnp.ones((4, 1)), 0.5)[0, 0])
    1.0
    """
    if rms_rate is None:
        return update
    size = jnp.sqrt(jnp.asarray(max(update.shape[0], update.shape[1]), "float32"))
    return update * size * rms_rate


def _muon_transform(opt):
    """Keras Muon (both rules) as an optax transformation over slot lists.

    The state holds ``momentum``, ``velocity`` (``None`` for a Muon-rule variable, which
    is how each variable's rule is known) and ``adam_decay`` (the AdamW-rule variables'
    weight decay factor or ``None``: static numbers, not arrays).
    """
    hp = (opt.momentum, opt.nesterov, opt.ns_steps, opt.muon_a, opt.muon_b, opt.muon_c,
          opt.rms_rate, opt.adam_beta_1, opt.adam_beta_2, opt.epsilon, opt.adam_lr_ratio)
    momentum, nesterov, ns_steps, a, b, c, rms_rate, beta_1, beta_2, epsilon, ratio = hp

    def muon_step(g, lr, m):
        m = (m + (g + m * (momentum - 1))).astype(m.dtype)
        direction = g + momentum * m if nesterov else m
        step = moonlight_scale(lr * newton_schulz(direction, ns_steps, a, b, c), rms_rate)
        return -step, m

    def adamw_step(g, p, lr, count, m, v, decay):
        dtype = p.dtype
        adam_lr = (lr * ratio).astype(dtype)
        g = g.astype(dtype)
        decayed = p
        if decay is not None:
            decayed = p - p * jnp.asarray(decay, dtype) * lr.astype(dtype)
        t = count.astype(dtype)
        alpha = adam_lr * jnp.sqrt(1 - power(beta_2, t)) / (1 - power(beta_1, t))
        m = moving_average(m, g, beta_1)
        v = moving_average(v, jnp.square(g), beta_2)
        new = decayed - (m * alpha) / (jnp.sqrt(v) + epsilon)
        return new - p, m, v

    def init_fn(params):
        adamw = [p.ndim != 2 for p in params]
        return {
            "momentum": [jnp.zeros_like(p) for p in params],
            "velocity": [jnp.zeros_like(p) if use else None for p, use in zip(params, adamw)],
            "adam_decay": [opt.adam_weight_decay if use else None for use in adamw],
        }

    def update_fn(updates, state, params=None, *, learning_rate, iterations, **extra):
        deltas, momenta, velocities = [], [], []
        count = iterations + 1
        for i, (g, p) in enumerate(zip(updates, params)):
            m, v = state["momentum"][i], state["velocity"][i]
            if v is None:
                delta, m = muon_step(g, learning_rate, m)
            else:
                delta, m, v = adamw_step(g, p, learning_rate, count, m, v,
                                         state["adam_decay"][i])
            deltas.append(delta)
            momenta.append(m)
            velocities.append(v)
        return deltas, {"momentum": momenta, "velocity": velocities,
                        "adam_decay": list(state["adam_decay"])}

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


@register_builtin
class Muon(Optimizer):
    """Muon for 2D weights, Keras' AdamW for the rest (see the module docstring).

    Args:
        learning_rate: the learning rate (float, schedule or callable).
        adam_beta_1, adam_beta_2, epsilon: the AdamW rule's moment decay rates and
            epsilon.
        adam_weight_decay: decoupled weight decay of the AdamW-rule variables (or
            ``None``).
        weight_decay: decoupled weight decay of the Muon-rule variables (or ``None``).
        exclude_layers: regular expressions; a variable whose path contains a match uses
            the AdamW rule (e.g. ``["output_dense"]`` for the final layer).
        exclude_embeddings: whether variables with ``"embedding"`` in their path use
            the AdamW rule.
        muon_a, muon_b, muon_c: the Newton-Schulz polynomial's coefficients.
        adam_lr_ratio: the AdamW rule's learning rate is ``learning_rate`` times this.
        momentum: the Muon rule's momentum.
        ns_steps: the number of Newton-Schulz iterations (an integer >= 0).
        nesterov: whether the Muon rule uses Nesterov momentum.
        rms_rate: Moonlight's update scaling (``None`` turns it off).

    The base arguments (clipping, EMA, accumulation, ...) are those of
    :class:`~lamina.optimizers.Optimizer`.

    >>> opt = Muon(exclude_layers=["output_dense"], ns_steps=3)
    >>> opt.get_config()["exclude_layers"], opt.get_config()["ns_steps"]
    (['output_dense'], 3)
    """

    def __init__(self, learning_rate=0.001, adam_beta_1=0.9, adam_beta_2=0.999,
                 adam_weight_decay=0.004, epsilon=1e-7, weight_decay=0.004, clipnorm=None,
                 clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, exclude_layers=None,
                 exclude_embeddings=True, muon_a=3.4445, muon_b=-4.7750, muon_c=2.0315,
                 adam_lr_ratio=1, momentum=0.95, ns_steps=5, nesterov=True, rms_rate=0.2,
                 **kwargs):
        super().__init__(**base_arguments(locals()))
        _validate(exclude_layers, ns_steps, rms_rate,
                  {"muon_a": muon_a, "muon_b": muon_b, "muon_c": muon_c,
                   "momentum": momentum, "adam_lr_ratio": adam_lr_ratio})
        self.adam_beta_1 = adam_beta_1
        self.adam_beta_2 = adam_beta_2
        self.epsilon = epsilon
        self.muon_a = muon_a
        self.muon_b = muon_b
        self.muon_c = muon_c
        self.adam_lr_ratio = adam_lr_ratio
        self.momentum = momentum
        self.ns_steps = ns_steps
        self.nesterov = nesterov
        self.exclude_embeddings = exclude_embeddings
        self.exclude_layers = list(exclude_layers or [])
        self.adam_weight_decay = adam_weight_decay
        self.rms_rate = rms_rate
        self.momentums = []
        self.adam_velocities = []

    def _should_use_adamw(self, variable):
        """Whether ``variable`` takes the AdamW rule (not 2D, embedding, excluded)."""
        if len(variable.shape) != 2:
            return True
        path = getattr(variable, "path", None) or str(variable.name)
        if self.exclude_embeddings and "embedding" in path.lower():
            return True
        return any(re.search(pattern, path) for pattern in self.exclude_layers)

    def _build_state(self, var_list):
        self.momentums, self.adam_velocities = [], []
        for variable in var_list:
            momentum = velocity = None
            if not self._overwrite_variable_with_gradient(variable):
                momentum = self.add_variable_from_reference(variable, "momentum")
                if self._should_use_adamw(variable):
                    velocity = self.add_variable_from_reference(variable, "velocity")
            self.momentums.append(momentum)
            self.adam_velocities.append(velocity)
        self._state_variables = {"momentum": self.momentums, "velocity": self.adam_velocities}

    def _use_weight_decay(self, variable):
        """Whether the base step decays ``variable`` by ``weight_decay``: Muon-rule
        variables only (the AdamW rule decays by ``adam_weight_decay`` in its step)."""
        return super()._use_weight_decay(variable) and not self._should_use_adamw(variable)

    def _state_tree(self, values, active):
        tree = super()._state_tree(values, active)
        tree["adam_decay"] = []
        for i in active:
            variable = self._trainable_variables[i]
            decays = (self.adam_weight_decay is not None and self._should_use_adamw(variable)
                      and Optimizer._use_weight_decay(self, variable))
            tree["adam_decay"].append(self.adam_weight_decay if decays else None)
        return tree

    def _transform(self):
        return _muon_transform(self)

    # Keras 3 exposes these helpers as methods of the optimizer.
    def transpose_last_axis(self, X):  # noqa: N803 (Keras' argument name)
        """``X`` with its last two axes swapped."""
        return swap_last_axes(X)

    def lr_adjust(self, x):
        """Moonlight's scaling of a 2D update: ``x * sqrt(max(rows, cols)) * rms_rate``."""
        return moonlight_scale(x, self.rms_rate)

    def zeropower_via_newtonschulz5(self, x, steps):
        """:func:`newton_schulz` with this optimizer's coefficients."""
        return newton_schulz(jnp.asarray(x), steps, self.muon_a, self.muon_b, self.muon_c)

    def get_config(self):
        config = super().get_config()
        config.update({
            "adam_beta_1": self.adam_beta_1,
            "adam_beta_2": self.adam_beta_2,
            "epsilon": self.epsilon,
            "exclude_layers": self.exclude_layers,
            "muon_a": self.muon_a,
            "muon_b": self.muon_b,
            "muon_c": self.muon_c,
            "adam_lr_ratio": self.adam_lr_ratio,
            "momentum": self.momentum,
            "ns_steps": self.ns_steps,
            "nesterov": self.nesterov,
            "exclude_embeddings": self.exclude_embeddings,
            "adam_weight_decay": self.adam_weight_decay,
            "rms_rate": self.rms_rate,
        })
        return config


def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _validate(exclude_layers, ns_steps, rms_rate, numbers_by_name):
    if exclude_layers is not None and (
            isinstance(exclude_layers, str)
            or not all(isinstance(p, str) for p in exclude_layers)):
        raise ValueError(
            "Muon: argument `exclude_layers` must be a list of strings (regular expressions "
            "searched in variable paths), e.g. exclude_layers=['output_dense']. Received: "
            f"exclude_layers={exclude_layers!r}"
        )
    if isinstance(ns_steps, bool) or not isinstance(ns_steps, numbers.Integral) or ns_steps < 0:
        raise ValueError(
            "Muon: argument `ns_steps` (Newton-Schulz iterations) must be an integer >= 0. "
            f"Received: ns_steps={ns_steps!r}"
        )
    if rms_rate is not None and not _is_real(rms_rate):
        raise ValueError(
            "Muon: argument `rms_rate` must be a float, or None to turn Moonlight's update "
            f"scaling off. Received: rms_rate={rms_rate!r}"
        )
    for arg, value in numbers_by_name.items():
        if not _is_real(value):
            raise ValueError(
                f"Muon: argument `{arg}` must be a float. Received: {arg}={value!r}"
            )
