"""``STFT``: the Fourier-basis kernel of Keras' ``STFTSpectrogram`` layer.

Keras computes windows with SciPy; lamina computes the common ones itself (``"hann"``,
``"hamming"``, ``"blackman"``, ``"bartlett"``, ``"boxcar"``), or takes an explicit
window array.
"""

import jax
import jax.numpy as jnp
import numpy as np

from lamina._registry import register_builtin
from lamina.core.convert import standardize_dtype
from lamina.initializers.initializer import Initializer, check_shape

_COSINE_TERMS = {"hann": (0.5, 0.5), "hamming": (0.54, 0.46), "blackman": (0.42, 0.5, 0.08)}
WINDOWS = (*_COSINE_TERMS, "bartlett", "boxcar")


def get_window(name, length, periodic=False):
    """The window ``name`` of ``length`` samples as float64 numpy (SciPy's formulas).

    ``periodic=True`` gives the DFT-even window used for spectral analysis (SciPy's
    ``fftbins=True``); ``False`` the symmetric one.

    >>> get_window("hann", 5).round(6).tolist()
    [0.0, 0.5, 1.0, 0.5, 0.0]
    """
    if name not in WINDOWS:
        raise ValueError(
            f"STFT: unknown window {name!r}. Supported windows: {', '.join(WINDOWS)}; or "
            "pass the window itself as an array of frame_length values."
        )
    if length == 1:
        return np.ones(1)
    size = length + 1 if periodic else length
    n = np.arange(size)
    if name == "boxcar":
        window = np.ones(size)
    elif name == "bartlett":
        window = np.where(n <= (size - 1) / 2.0, 2.0 * n / (size - 1), 2.0 - 2.0 * n / (size - 1))
    else:
        phase = 2.0 * np.pi * n / (size - 1)
        window = sum((-1) ** k * a * np.cos(k * phase) for k, a in enumerate(_COSINE_TERMS[name]))
    return window[:length]


@register_builtin(names=("STFTInitializer",))
class STFT(Initializer):
    """Kernel of shape ``(frame_length, 1, fft_length)`` holding the real (``side="real"``,
    cosine) or imaginary (``"imag"``, sine) DFT basis, multiplied by ``window`` and divided
    by the window's ``scaling`` (``"density"``: its L2 norm, ``"spectrum"``: its sum, None:
    1). ``fft_length`` here is the number of frequency bins, ``n_fft // 2 + 1``.

    >>> STFT(window=None)((4, 1, 3))[:, 0, 0].tolist()
    [1.0, 1.0, 1.0, 1.0]
    """

    def __init__(self, side="real", window="hann", scaling="density", periodic=False):
        if side not in ("real", "imag"):
            raise ValueError(f"STFT: side must be 'real' or 'imag', received side={side!r}.")
        if isinstance(window, str):
            get_window(window, 1)
        if scaling is not None and scaling not in ("density", "spectrum"):
            raise ValueError(
                "STFT: scaling must be None, 'density' or 'spectrum', received "
                f"scaling={scaling!r}."
            )
        self.side = side
        # An explicit window is kept as a list so that the config stays JSON.
        self.window = window if window is None or isinstance(window, str) else (
            np.asarray(window, dtype="float64").tolist()
        )
        self.scaling = scaling
        self.periodic = periodic

    def __call__(self, shape, dtype=None):
        shape = check_shape(self, shape)
        dtype = standardize_dtype(dtype)
        if len(shape) != 3 or shape[1] != 1:
            raise ValueError(
                f"STFT: expected a kernel shape (frame_length, 1, fft_length), received "
                f"shape={shape}."
            )
        frame_length, _, bins = shape
        time = np.arange(frame_length, dtype="float64").reshape(frame_length, 1, 1)
        freq = np.arange(bins, dtype="float64").reshape(1, 1, bins) / ((bins - 1) * 2)
        angle = -2.0 * np.pi * time * freq
        kernel = np.cos(angle) if self.side == "real" else np.sin(angle)
        if self.window is not None:
            window = self.window
            if isinstance(window, str):
                window = get_window(window, frame_length, self.periodic)
            window = np.asarray(window, dtype="float64")
            if window.shape != (frame_length,):
                raise ValueError(
                    f"STFT: the window must have shape (frame_length,) = ({frame_length},), "
                    f"received shape {window.shape}."
                )
            scale = 1.0
            if self.scaling == "density":
                scale = np.sqrt(np.sum(window**2))
            elif self.scaling == "spectrum":
                scale = np.sum(np.abs(window))
            kernel = kernel * window.reshape(frame_length, 1, 1) / scale
        with jax.ensure_compile_time_eval():
            return jnp.asarray(kernel, dtype=dtype)

    def get_config(self):
        return {
            "side": self.side,
            "window": self.window,
            "periodic": self.periodic,
            "scaling": self.scaling,
        }
