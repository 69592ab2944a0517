"""Durability: a save that fails or is killed at any point leaves the previous file
loadable (temporary file in the same directory, fsync, rename)."""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import lamina
from lamina import saving
from lamina.saving import archive


def _model(units=4):
    return lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(units)])


def _same_weights(a, b):
    return all(np.array_equal(x, y) for x, y in zip(a.get_weights(), b.get_weights()))


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_failing_save_leaves_the_previous_file(failing, tmp_path, monkeypatch):
    path = tmp_path / "m.keras"
    original = _model()
    saving.save_model(original, path)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError(f"simulated crash in {failing}")

    if failing == "write":
        real_fdopen = os.fdopen

        class Failing:
            def __init__(self, handle):
                self.handle = handle

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, data):
                self.handle.write(bytes(data[: len(data) // 2]))
                raise OSError("disk full")

        monkeypatch.setattr(archive.os, "fdopen", lambda fd, mode: Failing(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(archive.os, failing, boom)
    with pytest.raises(OSError):
        saving.save_model(_model(units=4), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert _same_weights(saving.load_model(path), original)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.keras"]  # no temporary left


def test_weights_files_are_written_atomically_too(tmp_path, monkeypatch):
    path = tmp_path / "w.weights.safetensors"
    model = _model()
    saving.save_weights(model, path)
    before = path.read_bytes()
    monkeypatch.setattr(archive.os, "replace", lambda *a: (_ for _ in ()).throw(OSError("x")))
    with pytest.raises(OSError):
        saving.save_weights(_model(), path)
    assert path.read_bytes() == before


CHILD = textwrap.dedent("""
    import os, sys
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    import numpy as np
    import lamina
    from lamina import saving
    path = sys.argv[1]
    model = lamina.Sequential([lamina.Input((64,)), lamina.layers.Dense(512),
                               lamina.layers.Dense(256)])
    model.compile("adam", "mse")
    saving.save_model(model, path)
    print("ready", flush=True)
    step = 0
    while True:
        step += 1
        weights = model.get_weights()
        model.set_weights([w + step for w in weights])
        saving.save_model(model, path)
""")


def test_a_save_killed_at_random_points_never_leaves_an_unloadable_file(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    path = tmp_path / "model.keras"
    rng = random.Random(7)
    env = {**os.environ, "JAX_PLATFORMS": "cpu"}
    for attempt in range(3):
        child = subprocess.Popen([sys.executable, str(script), str(path)],
                                 stdout=subprocess.PIPE, env=env, cwd=os.getcwd())
        try:
            line = child.stdout.readline()
            assert line.strip() == b"ready", line
            time.sleep(rng.uniform(0.05, 0.6))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        model = saving.load_model(path)  # whatever moment the kill hit
        assert model.layers[-1].get_weights()[0].shape == (512, 256), attempt
