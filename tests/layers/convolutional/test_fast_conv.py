"""The matmul filter gradient of ``fast_conv`` against ``jax.grad`` of the plain convolution.

Exact to float32 rounding, to every order (grad of grad, hessian, forward mode), for the
stride / dilation / padding / groups / layout combinations the layers use.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax import lax

from lamina.layers.convolutional import conv_autotune, fast_conv, shifted_conv

# lhs shape, rhs shape, strides, padding, lhs_dilation, rhs_dilation, dimension numbers, groups
CONFIGS = {
    "1d_valid": ((2, 9, 4), (3, 4, 6), (1,), "VALID", None, None, ("NWC", "WIO", "NWC"), 1),
    "1d_same_stride2": ((2, 9, 4), (3, 4, 6), (2,), "SAME", None, None,
                        ("NWC", "WIO", "NWC"), 1),
    "1d_causal_dilated_channels_first_groups": (
        (2, 4, 9), (3, 2, 6), (1,), [(4, 0)], None, (2,), ("NCW", "WIO", "NCW"), 2),
    "2d_same_strides": ((2, 7, 8, 4), (3, 2, 4, 6), (2, 1), "SAME", None, None,
                        ("NHWC", "HWIO", "NHWC"), 1),
    "2d_dilated_grouped_channels_first": (
        (2, 4, 7, 8), (3, 3, 2, 6), (1, 1), "SAME", None, (2, 2), ("NCHW", "HWIO", "NCHW"), 2),
    "2d_depthwise": ((2, 6, 6, 3), (3, 3, 1, 6), (1, 1), "VALID", None, None,
                     ("NHWC", "HWIO", "NHWC"), 3),
    "2d_transposed_lhs_dilation": ((2, 4, 5, 3), (3, 3, 3, 4), (1, 1), [(2, 3), (2, 2)],
                                   (2, 2), None, ("NHWC", "HWIO", "NHWC"), 1),
    "3d_valid": ((2, 4, 5, 4, 2), (2, 3, 2, 2, 3), (1, 1, 1), "VALID", None, None,
                 ("NDHWC", "DHWIO", "NDHWC"), 1),
}


def _setup(name, seed=0):
    lhs_shape, rhs_shape, strides, padding, lhs_dil, rhs_dil, dn, groups = CONFIGS[name]
    rng = np.random.default_rng(seed)
    x = jnp.asarray(rng.normal(size=lhs_shape).astype("float32"))
    w = jnp.asarray(rng.normal(size=rhs_shape).astype("float32"))

    def fast(x, w):
        return fast_conv.conv_general_dilated(x, w, strides, padding, lhs_dil, rhs_dil, dn,
                                              groups, fast_backward=True)

    def plain(x, w):
        return lax.conv_general_dilated(x, w, strides, padding, lhs_dil, rhs_dil, dn, groups)

    cotangent = jnp.asarray(rng.normal(size=plain(x, w).shape).astype("float32"))
    return x, w, fast, plain, cotangent


def _close(got, want, rtol=1e-5):
    got, want = np.asarray(got), np.asarray(want)
    scale = max(float(np.abs(want).max()), 1.0)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * scale)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_forward_is_the_plain_convolution(name):
    x, w, fast, plain, _ = _setup(name)
    np.testing.assert_array_equal(np.asarray(fast(x, w)), np.asarray(plain(x, w)))
    spec = shifted_conv.make_spec(x.shape, w.shape, *CONFIGS[name][2:])
    _close(shifted_conv.shifted_matmul_conv(x, w, spec), plain(x, w))


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_first_derivatives_match_jax_grad_of_plain_conv(name):
    x, w, fast, plain, ct = _setup(name)

    def loss(f):
        return lambda x, w: jnp.sum(f(x, w) * ct)

    got = jax.jit(jax.grad(loss(fast), argnums=(0, 1)))(x, w)
    want = jax.grad(loss(plain), argnums=(0, 1))(x, w)
    for a, b in zip(got, want):
        _close(a, b)
    # forward mode
    tangents = (0.5 * x, 2.0 * w)
    _close(jax.jvp(fast, (x, w), tangents)[1], jax.jvp(plain, (x, w), tangents)[1])


@pytest.mark.parametrize("name", ["1d_causal_dilated_channels_first_groups",
                                  "2d_same_strides", "2d_transposed_lhs_dilation", "3d_valid"])
def test_second_derivatives_match(name):
    x, w, fast, plain, ct = _setup(name)

    def kernel_grad_norm(f):
        def inner(x, w):
            g = jax.grad(lambda w: jnp.sum(jnp.tanh(f(x, w)) * ct))(w)
            return jnp.sum(g * g)
        return inner

    got = jax.grad(kernel_grad_norm(fast), argnums=(0, 1))(x, w)
    want = jax.grad(kernel_grad_norm(plain), argnums=(0, 1))(x, w)
    for a, b in zip(got, want):
        _close(a, b, rtol=1e-4)


def test_hessian_and_jacfwd_match():
    x, w, fast, plain, ct = _setup("1d_same_stride2")
    x, w = x[:1, :5, :2], w[:, :2, :2]

    def loss(f):
        return lambda w: jnp.sum(jnp.tanh(f(x, w)))

    _close(jax.hessian(loss(fast))(w), jax.hessian(loss(plain))(w), rtol=1e-4)
    _close(jax.jacfwd(lambda w: fast(x, w))(w), jax.jacfwd(lambda w: plain(x, w))(w))


def test_input_only_gradient_has_no_matmul_path():
    """A kernel that is not differentiated adds no work (symbolic-zero tangents)."""
    x, w, fast, _, ct = _setup("2d_same_strides")
    jaxpr = jax.make_jaxpr(jax.grad(lambda x: jnp.sum(fast(x, w) * ct)))(x)
    assert "dot_general" not in str(jaxpr)
    jaxpr = jax.make_jaxpr(jax.grad(lambda w: jnp.sum(fast(x, w) * ct)))(w)
    assert "dot_general" in str(jaxpr)


_BIG = ((32, 34, 34, 32), (3, 3, 32, 32))  # ~1 GFLOP: large enough to be measured
_DN = ("NHWC", "HWIO", "NHWC")


@pytest.fixture
def fake_timings(monkeypatch):
    """Replace the measurement by given timings; count the calls; isolate the cache."""
    calls = []

    def install(xla, matmul):
        def measure(*args, **kwargs):
            calls.append(args)
            return {"xla": xla, "matmul": matmul}

        monkeypatch.setattr(conv_autotune, "measure", measure)
        return calls

    conv_autotune.clear_choices()
    yield install
    conv_autotune.clear_choices()


def _big_grad_jaxpr(mode=None):
    x, w = jnp.zeros(_BIG[0]), jnp.zeros(_BIG[1])

    def loss(w):
        return jnp.sum(fast_conv.conv_general_dilated(x, w, (1, 1), "VALID",
                                                      dimension_numbers=_DN,
                                                      fast_backward=mode))

    return str(jax.make_jaxpr(jax.grad(loss))(w))


@pytest.mark.skipif(jax.default_backend() != "cpu", reason="auto mode measures on CPU only")
def test_auto_mode_measures_once_and_keeps_the_winner(fake_timings):
    calls = fake_timings(xla=2.0, matmul=1.0)
    assert "dot_general" in _big_grad_jaxpr()
    assert "dot_general" in _big_grad_jaxpr()  # cached: measured once
    assert len(calls) == 1
    assert list(conv_autotune.choices().values()) == [True]
    assert "dot_general" not in _big_grad_jaxpr(False)  # forcing XLA skips the choice


@pytest.mark.skipif(jax.default_backend() != "cpu", reason="auto mode measures on CPU only")
def test_auto_mode_needs_a_clear_margin(fake_timings):
    calls = fake_timings(xla=1.1, matmul=1.0)
    assert "dot_general" not in _big_grad_jaxpr()
    assert len(calls) == 1


def test_auto_mode_skips_small_convolutions_and_inference(fake_timings):
    calls = fake_timings(xla=2.0, matmul=1.0)
    spec = shifted_conv.make_spec((2, 6, 6, 3), (3, 3, 3, 4), (1, 1), "SAME",
                                  dimension_numbers=_DN)
    assert not conv_autotune.fast_backward_wins(spec, (2, 6, 6, 3), (3, 3, 3, 4))
    x, w = jnp.zeros(_BIG[0]), jnp.zeros(_BIG[1])
    jax.make_jaxpr(lambda x: fast_conv.conv_general_dilated(
        x, w, (1, 1), "VALID", dimension_numbers=_DN))(x)  # forward only
    jax.make_jaxpr(jax.grad(lambda x: jnp.sum(fast_conv.conv_general_dilated(
        x, w, (1, 1), "VALID", dimension_numbers=_DN))))(x)  # input gradient only
    assert calls == []


def test_measure_runs_eagerly_inside_a_trace():
    spec = shifted_conv.make_spec((2, 6, 6, 2), (3, 3, 2, 4), (1, 1), "SAME",
                                  dimension_numbers=_DN)
    seen = []

    @jax.jit
    def traced(v):
        seen.append(conv_autotune.measure(spec, (2, 6, 6, 2), (3, 3, 2, 4)))
        return v + 1

    traced(1.0)
    assert set(seen[0]) == {"xla", "matmul"}
    assert all(isinstance(t, float) and t > 0 for t in seen[0].values())


def test_scope():
    x, w, _, _, ct = _setup("2d_same_strides")
    args = ((2, 1), "SAME")
    dn = ("NHWC", "HWIO", "NHWC")

    def grad_jaxpr():
        return str(jax.make_jaxpr(jax.grad(lambda w: jnp.sum(
            fast_conv.conv_general_dilated(x, w, *args, dimension_numbers=dn) * ct)))(w))

    with fast_conv.fast_backward_scope(False):
        assert "dot_general" not in grad_jaxpr()
    with fast_conv.fast_backward_scope(True):
        assert fast_conv.get_fast_backward() is True
        assert "dot_general" in grad_jaxpr()
    assert fast_conv.get_fast_backward() == "auto"
    with pytest.raises(ValueError, match="fast_backward_scope"):
        with fast_conv.fast_backward_scope("yes"):
            pass
    with pytest.raises(ValueError, match="fast_backward"):
        fast_conv.conv_general_dilated(x, w, *args, dimension_numbers=dn, fast_backward=1)
