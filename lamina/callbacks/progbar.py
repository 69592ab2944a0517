"""``Progbar``: a Keras-3-style text progress bar (also exported as ``lamina.utils.Progbar``).

On a terminal (``sys.stdout.isatty()``) a ``verbose=1`` bar redraws in place with ``"\\r"``,
at most once per ``interval`` seconds plus the final step; values are converted to numbers
(which syncs a device array) only when the line is actually drawn. Anywhere else (pipes,
files, notebooks, CI logs) and with ``verbose=2`` it writes exactly one line, when the bar
is finalized, and never a control character.
"""

import sys
import time

import numpy as np

from lamina import config
from lamina.utils.io_utils import print_msg

_clock = time.monotonic  # module-level so tests can drive time deterministically

_FILLED, _EMPTY = "\u2501", "\u2500"  # heavy and light horizontal box-drawing lines


def _is_terminal(stream):
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (ValueError, OSError):  # closed or detached stream
        return False


def _write(text):
    # stdout, or the "lamina" logger after lamina.config.disable_interactive_logging().
    print_msg(text, line_break=False)


def format_value(value):
    """Format a log value the Keras way: 4 decimals, scientific notation when tiny.

    >>> format_value(1.02344), format_value(0.0001), format_value("adam")
    ('1.0234', '1.0000e-04', 'adam')
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        try:
            number = float(np.mean(np.asarray(value, dtype=float)))
        except (TypeError, ValueError):
            return str(value)
    return f"{number:.4f}" if abs(number) > 1e-3 else f"{number:.4e}"


def _format_rate(seconds, unit_name):
    if seconds >= 1 or seconds == 0:
        return f"{seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms/{unit_name}"
    return f"{seconds * 1e6:.0f}us/{unit_name}"


def _format_eta(seconds):
    if seconds > 3600:
        return f"{int(seconds // 3600)}:{int(seconds % 3600 // 60):02d}:{int(seconds % 60):02d}"
    if seconds > 60:
        return f"{int(seconds // 60)}:{int(seconds % 60):02d}"
    return f"{int(seconds)}s"


class Progbar:
    """Displays a progress bar such as ``12/32 ━━━━━━━───── 1s 5ms/step - loss: 1.0234``.

    Args:
        target: total number of steps, or ``None`` if unknown.
        width: bar width in characters.
        verbose: 0 silent, 1 bar, 2 one summary line when finalized.
        interval: minimum seconds between two redraws on a terminal.
        stateful_metrics: names displayed as given (all others are averaged over steps).
        stateless_metrics: names that are averaged (all others displayed as given).
            Give at most one of the two; with neither, every value is averaged.
        unit_name: the unit in the per-unit time (``"step"``, ``"sample"``).

    >>> bar = Progbar(target=3, verbose=2)  # one summary line when finished
    >>> bar.update(1, [("loss", 0.9)])
    >>> bar.update(2, [("loss", 0.7)])
    >>> bar.update(3)  # doctest: +ELLIPSIS
    3/3 - 0s - ...s/step - loss: 0.8000
    """

    def __init__(
        self,
        target,
        width=20,
        verbose=1,
        interval=0.05,
        stateful_metrics=None,
        stateless_metrics=None,
        unit_name="step",
    ):
        if target is not None and (not isinstance(target, (int, np.integer)) or target < 0):
            raise ValueError(
                f"Progbar: target must be a non-negative int or None (unknown length), "
                f"received {target!r}."
            )
        if verbose not in (0, 1, 2):
            raise ValueError(f"Progbar: verbose must be 0, 1 or 2, received {verbose!r}.")
        if not isinstance(width, int) or width < 1:
            raise ValueError(f"Progbar: width must be a positive int, received {width!r}.")
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError(
                "Progbar: pass either stateful_metrics (displayed as given; the rest are "
                "averaged) or stateless_metrics (averaged; the rest are displayed as given), "
                "not both."
            )
        self.target = None if target is None else int(target)
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.stateful_metrics = (
            None if stateless_metrics is not None else set(stateful_metrics or ())
        )
        self.stateless_metrics = None if stateless_metrics is None else set(stateless_metrics)
        self._dynamic_display = _is_terminal(sys.stdout) and config.is_interactive_logging_enabled()
        self._values = {}  # name -> [total, count]; insertion order is display order
        self._seen_so_far = 0
        self._start = _clock()
        self._last_update = None
        self._first_step = None  # (step, time) of the first update past step 0
        self._prev_width = 0

    def _averaged(self, name):
        if self.stateful_metrics is not None:
            return name not in self.stateful_metrics
        return name in self.stateless_metrics

    def update(self, current, values=None, finalize=None):
        """Move the bar to step ``current`` and record ``values`` (``(name, value)`` pairs).

        ``finalize`` defaults to ``current >= target``; a finalized bar prints its last
        line and a newline.
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for name, value in values or ():
            if self._averaged(name) and not finalize:
                weight = max(current - self._seen_so_far, 1)
                if name in self._values:
                    total, count = self._values[name]
                    self._values[name] = [total + value * weight, count + weight]
                else:
                    self._values[name] = [value * weight, weight]
            else:
                self._values[name] = [value, 1]
        self._seen_so_far = current
        if self.verbose == 0:
            return
        now = _clock()
        if self._first_step is None and current > 0:
            self._first_step = (current, now)
        if self.verbose == 1 and self._dynamic_display:
            if not finalize and self._last_update is not None:
                if now - self._last_update < self.interval:
                    return
            line = self._bar_line(current, now, finalize)
            padding = " " * max(self._prev_width - len(line), 0)
            _write("\r" + line + padding + ("\n" if finalize else ""))
            self._prev_width = 0 if finalize else len(line)
        elif finalize:
            line = self._bar_line if self.verbose == 1 else self._summary_line
            _write(line(current, now) + "\n")
        self._last_update = now

    def add(self, n, values=None):
        """Advance the bar by ``n`` steps."""
        self.update(self._seen_so_far + n, values)

    def _time_per_unit(self, current, now):
        if not current:
            return 0.0
        if self._first_step is not None and current > self._first_step[0]:
            first, then = self._first_step
            return (now - then) / (current - first)
        return (now - self._start) / current

    def _metrics(self):
        parts = []
        for name, (total, count) in self._values.items():
            parts.append(f" - {name}: {format_value(total if count == 1 else total / count)}")
        return "".join(parts)

    def _bar_line(self, current, now, finalize=True):
        target = self.target
        if target:
            filled = max(min(int(self.width * current / target), self.width), 0)
            head = f"{current:>{len(str(target))}}/{target} "
            head += _FILLED * filled + _EMPTY * (self.width - filled)
        else:
            head = f"{current:>7}/Unknown"
        per_unit = self._time_per_unit(current, now)
        if target and not finalize:
            timing = _format_eta(per_unit * max(target - current, 0))
        else:
            timing = f"{now - self._start:.0f}s"
        return f"{head} {timing} {_format_rate(per_unit, self.unit_name)}{self._metrics()}"

    def _summary_line(self, current, now):
        count = f"{current}/{self.target}" if self.target else f"{current}/Unknown"
        rate = _format_rate(self._time_per_unit(current, now), self.unit_name)
        return f"{count} - {now - self._start:.0f}s - {rate}{self._metrics()}"
