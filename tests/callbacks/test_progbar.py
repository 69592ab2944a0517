"""Progbar utility: averaging, formats, terminal vs. plain output, validation."""

import contextlib
import io

import numpy as np
import pytest

import lamina
from lamina.callbacks import progbar as progbar_module
from lamina.callbacks.progbar import Progbar, format_value


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture
def clock(monkeypatch):
    state = {"now": 50.0}
    monkeypatch.setattr(progbar_module, "_clock", lambda: state["now"])
    return state


def test_exported_from_utils():
    assert lamina.utils.Progbar is Progbar


def test_format_value():
    assert format_value(0.61) == "0.6100"
    assert format_value(-2.5) == "-2.5000"
    assert format_value(0.0) == "0.0000e+00"
    assert format_value(np.float32(1e-5)) == "1.0000e-05"
    assert format_value(np.array([1.0, 3.0])) == "2.0000"
    assert format_value("sgd") == "sgd"


def test_values_are_averaged_unless_stateful(capsys, clock):
    bar = Progbar(4, verbose=1, stateful_metrics=["acc"])
    bar.update(1, [("loss", 1.0), ("acc", 0.1)])
    bar.update(3, [("loss", 3.0), ("acc", 0.3)])  # weight 2
    bar.update(4, finalize=True)
    line = capsys.readouterr().out
    assert line.count("\n") == 1
    assert line.startswith("4/4 " + "\u2501" * 20 + " 0s ")
    assert line.endswith(" - loss: 2.3333 - acc: 0.3000\n")


def test_stateless_metrics_and_add(capsys, clock):
    bar = Progbar(None, verbose=2, stateless_metrics=["loss"])
    bar.add(1, [("loss", 1.0), ("lr", 0.5)])
    bar.add(1, [("loss", 2.0), ("lr", 0.25)])
    assert capsys.readouterr().out == ""  # unknown target: nothing until finalized
    clock["now"] += 4.0
    bar.update(2, finalize=True)
    assert capsys.readouterr().out == "2/Unknown - 4s - 4s/step - loss: 1.5000 - lr: 0.2500\n"


def test_time_per_step_excludes_the_first_step(capsys, clock):
    bar = Progbar(3, verbose=2)
    clock["now"] += 10.0  # slow first step (compilation)
    bar.update(1)
    clock["now"] += 0.002
    bar.update(2)
    clock["now"] += 0.002
    bar.update(3)
    assert capsys.readouterr().out == "3/3 - 10s - 2ms/step\n"


def test_terminal_eta_then_elapsed(clock):
    with contextlib.redirect_stdout(FakeTTY()) as stream:
        draw_a_bar(clock)
    draws = stream.getvalue().split("\r")[1:]
    assert len(draws) == 4
    assert draws[0].startswith(" 1/10 \u2501" + "\u2500" * 9 + " ")
    assert draws[1].startswith(" 5/10 " + "\u2501" * 5 + "\u2500" * 5 + " 2:05 25s/step")
    assert draws[-1].startswith("10/10 " + "\u2501" * 10 + " 103s ")
    assert draws[-1].endswith("\n")


def draw_a_bar(clock):
    bar = Progbar(10, width=10, verbose=1)
    clock["now"] += 1.0
    bar.update(1)
    clock["now"] += 100.0
    bar.update(5)
    clock["now"] += 2.0
    bar.update(6)  # throttled? no: 2 s > 0.05 s
    clock["now"] += 0.01
    bar.update(7)  # throttled
    bar.update(10)


def test_silent_and_validation_errors(capsys):
    bar = Progbar(2, verbose=0)
    bar.update(1, [("loss", 1.0)])
    bar.update(2)
    assert capsys.readouterr().out == ""
    with pytest.raises(ValueError, match="target must be"):
        Progbar(-1)
    with pytest.raises(ValueError, match="verbose must be"):
        Progbar(3, verbose=5)
    with pytest.raises(ValueError, match="width must be"):
        Progbar(3, width=0)
    with pytest.raises(ValueError, match="not both"):
        Progbar(3, stateful_metrics=["a"], stateless_metrics=["b"])
