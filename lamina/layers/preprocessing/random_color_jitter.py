"""``RandomColorJitter``: random brightness, contrast, saturation and hue in one layer.

>>> import numpy as np
>>> layer = RandomColorJitter(brightness_factor=0.2, hue_factor=0.1, seed=0)
>>> layer(np.random.rand(2, 4, 4, 3) * 255, training=True).shape
(2, 4, 4, 3)
"""

import jax

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import check_value_range
from lamina.layers.preprocessing._base_image_layer import BaseRandomImageLayer
from lamina.layers.preprocessing.random_brightness import RandomBrightness
from lamina.layers.preprocessing.random_contrast import RandomContrast
from lamina.layers.preprocessing.random_hue import RandomHue
from lamina.layers.preprocessing.random_saturation import RandomSaturation

_STAGES = (
    ("brightness_factor", RandomBrightness),
    ("contrast_factor", RandomContrast),
    ("saturation_factor", RandomSaturation),
    ("hue_factor", RandomHue),
)


@register_builtin
class RandomColorJitter(BaseRandomImageLayer):
    """Applies, in this order, ``RandomBrightness``, ``RandomContrast``,
    ``RandomSaturation`` and ``RandomHue`` -- each only when its factor is given.

    Args:
        value_range: ``(low, high)`` of the pixel values (default ``(0, 255)``), passed
            to every stage.
        brightness_factor, contrast_factor, saturation_factor, hue_factor: the ``factor``
            of each stage (see those layers for how a number or a pair is read), or
            ``None`` (default) to skip it.
        seed: int seed of the layer's ``SeedGenerator``; every stage draws from it.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global
            setting), passed to every stage (Keras 3 leaves the saturation and hue stages
            on the global setting).

    Identity (cast to float) unless called with ``training=True``.

    >>> RandomColorJitter(contrast_factor=0.3).get_config()["contrast_factor"]
    0.3
    """

    def __init__(self, value_range=(0, 255), brightness_factor=None, contrast_factor=None,
                 saturation_factor=None, hue_factor=None, seed=None, data_format=None,
                 **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.value_range = check_value_range(f"RandomColorJitter '{self.name}'", value_range,
                                             sort=False)
        self.brightness_factor = brightness_factor
        self.contrast_factor = contrast_factor
        self.saturation_factor = saturation_factor
        self.hue_factor = hue_factor
        self._stages = [
            cls(getattr(self, arg), value_range=value_range, seed=seed,
                data_format=self.data_format)
            for arg, cls in _STAGES if getattr(self, arg) is not None
        ]

    def _augment(self, images, key):
        for stage, stage_key in zip(self._stages, jax.random.split(key, 4)):
            images = stage._augment(images, stage_key)
        return images

    def get_config(self):
        return {
            **super().get_config(),
            "value_range": self.value_range,
            "brightness_factor": self.brightness_factor,
            "contrast_factor": self.contrast_factor,
            "saturation_factor": self.saturation_factor,
            "hue_factor": self.hue_factor,
            "seed": self.seed,
        }
