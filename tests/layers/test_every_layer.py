"""The shared layer harness, applied to every layer ``lamina.layers`` exports (enumerated).

For each: symbolic output shape == eager output shape, ``jax.jit`` == eager, the
``get_config`` round trip, the declared mask behaviour, and one ``fit`` step.
"""

import inspect

import numpy as np
import pytest
from cases import all_cases, not_standalone
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_symbolic_matches_eager,
    random_inputs,
)

import lamina
from lamina import layers
from lamina.core.masking import get_mask
from lamina.ops.operation import MaskNotSupportedError

# Base classes and entry points that are not standalone layers (plus families' own lists).
NOT_STANDALONE = {"Layer", "InputLayer", "Merge"} | not_standalone()

CASES = all_cases()


@lamina.saving.register_keras_serializable(package="tests")
def relu_function_for_tests(x):
    return lamina.ops.relu(x)


def _exported_layers():
    return sorted(
        name for name, obj in vars(layers).items()
        if inspect.isclass(obj) and issubclass(obj, layers.Layer) and name not in NOT_STANDALONE
    )


def test_every_exported_layer_has_a_case():
    missing = [name for name in _exported_layers() if name not in CASES]
    assert not missing, f"add harness cases (tests/layers/cases/) for: {missing}"


def _make(name):
    case = CASES[name]
    init = dict(case.init)
    if name == "Lambda":
        init["function"] = relu_function_for_tests
    return lambda: getattr(layers, name)(**init), case


def _inputs(case):
    return random_inputs(case.input_shape, dtype=case.dtype, low=case.low, high=case.high)


@pytest.mark.parametrize("name", sorted(CASES))
def test_symbolic_matches_eager(name):
    make, case = _make(name)
    assert_symbolic_matches_eager(make, _inputs(case), **case.call_kwargs)


@pytest.mark.parametrize("name", sorted(CASES))
def test_jit_matches_eager(name):
    make, case = _make(name)
    assert_jit_matches_eager(make(), _inputs(case), **case.call_kwargs)


@pytest.mark.parametrize("name", sorted(CASES))
def test_config_round_trip(name):
    make, case = _make(name)
    layer = make()
    layer(_inputs(case), **case.call_kwargs)
    assert_config_round_trip(layer)


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.mask is not None))
def test_mask_behaviour_is_as_declared(name):
    make, case = _make(name)
    x = _inputs(case)
    first = x[0] if isinstance(x, list) else x
    mask = np.ones(first.shape[:2], bool)
    mask[:, -1] = False
    mask_arg = [mask] * len(x) if isinstance(x, list) else mask
    layer = make()
    if case.mask == "refuse":
        with pytest.raises(MaskNotSupportedError, match=layer.name):
            layer(x, mask=mask_arg, **case.call_kwargs)
        return
    out = layer(x, mask=mask_arg, **case.call_kwargs)
    out_mask = get_mask(out if not isinstance(out, (list, tuple)) else out[0])
    if case.mask == "end":
        assert out_mask is None
    else:
        assert out_mask is not None
        if case.mask == "pass":
            np.testing.assert_array_equal(np.asarray(out_mask), mask)


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.fit))
def test_one_fit_step(name):
    make, case = _make(name)
    x = _inputs(case)
    symbolic = [lamina.Input(batch_shape=(None, *a.shape[1:]), dtype=str(a.dtype)) for a in
                (x if isinstance(x, list) else [x])]
    out = make()(symbolic if isinstance(x, list) else symbolic[0], **case.call_kwargs)
    model = lamina.Model(symbolic, out)
    target = np.zeros(model.predict(x, verbose=0).shape, "float32")
    model.compile(optimizer="sgd", loss="mse")
    loss = model.train_on_batch(x, target)
    assert np.isfinite(loss)
