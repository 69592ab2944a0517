"""ProgbarLogger output: one clean line per epoch off a terminal, throttled redraws on one."""

import contextlib
import io

import pytest

from lamina.callbacks import CallbackList, LambdaCallback, ProgbarLogger
from lamina.callbacks import progbar as progbar_module


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


class FloatSpy:
    """A log value that counts conversions (a stand-in for a device scalar)."""

    conversions = 0

    def __init__(self, value):
        self.value = value

    def __float__(self):
        FloatSpy.conversions += 1
        return self.value


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(progbar_module, "_clock", fake)
    return fake


def on_tty(fn, *args, **kwargs):
    """Run ``fn`` with sys.stdout a fake terminal (inside the test body: pytest's own
    capture replaces sys.stdout after fixtures run); return what it wrote."""
    with contextlib.redirect_stdout(FakeTTY()) as stream:
        fn(*args, **kwargs)
    return stream.getvalue()


def run_fit(callbacks, epochs, steps, clock=None, batch_logs=None, seconds_per_step=0.01):
    """Drive the hooks the way the trainer does; ``steps=None`` runs 3 batches."""
    callbacks.on_train_begin()
    for epoch in range(epochs):
        callbacks.on_epoch_begin(epoch)
        for batch in range(steps or 3):
            callbacks.on_train_batch_begin(batch)
            if clock is not None:
                clock.now += seconds_per_step
            logs = batch_logs(batch) if batch_logs else {"loss": 1.0 / (batch + 1)}
            callbacks.on_train_batch_end(batch, logs)
        callbacks.on_test_begin()
        callbacks.on_test_batch_end(0, {"loss": 9.0})
        callbacks.on_test_end({"loss": 9.0})
        callbacks.on_epoch_end(epoch, {"accuracy": 0.61, "loss": 1.02344, "val_loss": 0.5})
    callbacks.on_train_end({"loss": 1.02344})


def make(verbose, epochs, steps, extra=()):
    return CallbackList(
        list(extra), add_history=True, add_progbar=True, verbose=verbose, epochs=epochs, steps=steps
    )


def test_not_a_terminal_writes_one_clean_line_per_epoch(capsys, clock):
    run_fit(make(1, epochs=2, steps=32), epochs=2, steps=32, clock=clock)
    out = capsys.readouterr().out
    assert "\r" not in out and "\x1b" not in out and "\b" not in out
    lines = out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    assert len(lines) == 4
    assert lines[1].startswith("32/32 " + "\u2501" * 20 + " ")
    assert lines[1].endswith("ms/step - accuracy: 0.6100 - loss: 1.0234 - val_loss: 0.5000")


def test_off_terminal_batch_values_are_never_converted(capsys):
    FloatSpy.conversions = 0
    callbacks = make(1, epochs=1, steps=50)
    run_fit(callbacks, epochs=1, steps=50, batch_logs=lambda b: {"loss": FloatSpy(0.5)})
    assert FloatSpy.conversions == 0
    assert "Epoch" not in capsys.readouterr().out  # no header for a single epoch


def test_terminal_redraws_in_place_and_throttles(clock):
    FloatSpy.conversions = 0
    # 100 steps of 10 ms with a 50 ms redraw interval: first step, then every 5th step.
    out = on_tty(
        run_fit,
        make(1, epochs=1, steps=100),
        epochs=1,
        steps=100,
        clock=clock,
        batch_logs=lambda b: {"loss": FloatSpy(0.5)},
    )
    draws = out.count("\r")
    assert 15 <= draws <= 25, draws
    assert FloatSpy.conversions == draws - 1  # only drawn lines convert (final: epoch logs)
    assert out.endswith("\n") and out.count("\n") == 1
    final = out.rsplit("\r", 1)[1]
    assert final.startswith("100/100 " + "\u2501" * 20)
    assert "val_loss: 0.5000" in final
    first = out.split("\r")[1]
    assert first.startswith("  1/100 " + "\u2500" * 20 + " 0s 10ms/step - loss: 0.5000")


def test_terminal_pads_when_the_line_gets_shorter(clock):
    callbacks = make(1, epochs=1, steps=3)

    def two_batches():
        callbacks.on_train_begin()
        callbacks.on_epoch_begin(0)
        callbacks.on_train_batch_end(0, {"loss": 1.0, "a_very_long_metric_name": 1.0})
        clock.now += 1.0
        callbacks.callbacks[-1].progbar._values.pop("a_very_long_metric_name")
        callbacks.on_train_batch_end(1, {"loss": 1.0})

    first, second = on_tty(two_batches).split("\r")[1:]
    assert len(second) == len(first)
    assert second.endswith(" ") and "a_very_long" not in second


def test_verbose_0_prints_nothing(capsys, clock):
    assert on_tty(run_fit, make(0, epochs=2, steps=4), epochs=2, steps=4, clock=clock) == ""
    run_fit(make(0, epochs=2, steps=4), epochs=2, steps=4, clock=clock)
    assert capsys.readouterr().out == ""


def test_verbose_2_one_summary_line_per_epoch_even_on_a_terminal(clock):
    out = on_tty(run_fit, make(2, epochs=3, steps=5), epochs=3, steps=5, clock=clock)
    assert "\r" not in out
    lines = out.splitlines()
    assert lines[0::2] == ["Epoch 1/3", "Epoch 2/3", "Epoch 3/3"]
    assert lines[1] == "5/5 - 0s - 10ms/step - accuracy: 0.6100 - loss: 1.0234 - val_loss: 0.5000"


def test_unknown_steps_off_terminal(capsys, clock):
    run_fit(make(1, epochs=2, steps=None), epochs=2, steps=None, clock=clock)
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("3/3 " + "\u2501" * 20)
    assert lines[3].startswith("3/3 ")


def test_unknown_steps_on_terminal(clock):
    out = on_tty(
        run_fit,
        make(1, epochs=2, steps=None),
        epochs=2,
        steps=None,
        clock=clock,
        seconds_per_step=1.0,
    )
    draws = out.split("\r")[1:]
    assert draws[0].startswith("      1/Unknown 1s 1s/step - loss: 1.0000")
    assert draws[3].startswith("3/3 " + "\u2501" * 20 + " 3s 1s/step")
    assert draws[4].startswith("1/3 " + "\u2501" * 6 + "\u2500" * 14)  # length learned


def test_values_added_by_user_callbacks_are_displayed(capsys):
    add_lr = LambdaCallback(on_epoch_end=lambda epoch, logs: logs.update(lr=0.01))
    run_fit(make(1, epochs=1, steps=2, extra=[add_lr]), epochs=1, steps=2)
    assert "lr: 0.0100" in capsys.readouterr().out


def test_evaluate_and_predict_bars(capsys, clock):
    callbacks = make(1, epochs=1, steps=4)
    callbacks.on_test_begin()
    for batch in range(4):
        callbacks.on_test_batch_end(batch, {"loss": 2.0})
    callbacks.on_test_end({"loss": 1.5})
    callbacks.on_predict_begin()
    for batch in range(4):
        callbacks.on_predict_batch_end(batch, {"outputs": [1, 2]})
    callbacks.on_predict_end()
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("4/4 ") and lines[0].endswith("- loss: 1.5000")
    assert lines[1].startswith("4/4 ") and lines[1].endswith("step")


def test_validation_inside_fit_is_silent(capsys):
    run_fit(make(1, epochs=1, steps=2), epochs=1, steps=2)
    out = capsys.readouterr().out
    assert "9.0000" not in out and len(out.splitlines()) == 1


def test_invalid_arguments():
    with pytest.raises(ValueError, match="count_mode='samples' is not supported"):
        ProgbarLogger(count_mode="samples")
    with pytest.raises(ValueError, match="verbose"):
        ProgbarLogger().set_params({"verbose": 3, "epochs": 1, "steps": 1})
    logger = ProgbarLogger()
    logger.set_params({"verbose": "auto", "epochs": 1, "steps": 1})
    assert logger.verbose == 1


def test_jax_scalar_logs_are_displayed(capsys, clock):
    import jax.numpy as jnp

    def batch_logs(batch):
        return {"loss": jnp.asarray(0.25, dtype=jnp.float32)}

    out = on_tty(
        run_fit, make(1, epochs=1, steps=2), epochs=1, steps=2, clock=clock, batch_logs=batch_logs
    )
    assert "\r2/2 " in out and out.split("\r")[1].endswith("loss: 0.2500")
