import importlib.util
import pathlib

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "custom_training_loop.py"


def test_custom_jitted_loop_learns():
    spec = importlib.util.spec_from_file_location("custom_training_loop", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.train(epochs=3, verbose=False) > 0.8
