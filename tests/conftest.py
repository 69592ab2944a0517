"""Shared test set-up: Keras (the parity oracle) runs on its JAX backend on the CPU."""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import pytest  # noqa: E402

import lamina  # noqa: E402  (imported first so every test sees the package)


@pytest.fixture(autouse=True)
def _fresh_session():
    """Each test starts with fresh names and seeds, and the float32 global dtype policy."""
    from lamina.core.context import clear_session

    clear_session()
    lamina.config.set_dtype_policy(None)
    yield
    lamina.config.set_dtype_policy(None)
