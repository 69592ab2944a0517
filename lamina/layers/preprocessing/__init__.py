"""Layers: preprocessing family (rescaling, resizing, encodings, lookups, augmentation)."""

from lamina.layers.preprocessing.auto_contrast import AutoContrast as AutoContrast
from lamina.layers.preprocessing.category_encoding import CategoryEncoding as CategoryEncoding
from lamina.layers.preprocessing.center_crop import CenterCrop as CenterCrop
from lamina.layers.preprocessing.cut_mix import CutMix as CutMix
from lamina.layers.preprocessing.discretization import Discretization as Discretization
from lamina.layers.preprocessing.equalization import Equalization as Equalization
from lamina.layers.preprocessing.hashing import Hashing as Hashing
from lamina.layers.preprocessing.integer_lookup import IntegerLookup as IntegerLookup
from lamina.layers.preprocessing.mix_up import MixUp as MixUp
from lamina.layers.preprocessing.random_brightness import RandomBrightness as RandomBrightness
from lamina.layers.preprocessing.random_color_degeneration import (
    RandomColorDegeneration as RandomColorDegeneration,
)
from lamina.layers.preprocessing.random_color_jitter import RandomColorJitter as RandomColorJitter
from lamina.layers.preprocessing.random_contrast import RandomContrast as RandomContrast
from lamina.layers.preprocessing.random_crop import RandomCrop as RandomCrop
from lamina.layers.preprocessing.random_erasing import RandomErasing as RandomErasing
from lamina.layers.preprocessing.random_flip import RandomFlip as RandomFlip
from lamina.layers.preprocessing.random_gaussian_blur import (
    RandomGaussianBlur as RandomGaussianBlur,
)
from lamina.layers.preprocessing.random_grayscale import RandomGrayscale as RandomGrayscale
from lamina.layers.preprocessing.random_hue import RandomHue as RandomHue
from lamina.layers.preprocessing.random_invert import RandomInvert as RandomInvert
from lamina.layers.preprocessing.random_perspective import RandomPerspective as RandomPerspective
from lamina.layers.preprocessing.random_posterization import (
    RandomPosterization as RandomPosterization,
)
from lamina.layers.preprocessing.random_rotation import RandomRotation as RandomRotation
from lamina.layers.preprocessing.random_saturation import RandomSaturation as RandomSaturation
from lamina.layers.preprocessing.random_sharpness import RandomSharpness as RandomSharpness
from lamina.layers.preprocessing.random_shear import RandomShear as RandomShear
from lamina.layers.preprocessing.random_translation import RandomTranslation as RandomTranslation
from lamina.layers.preprocessing.random_zoom import RandomZoom as RandomZoom
from lamina.layers.preprocessing.rescaling import Rescaling as Rescaling
from lamina.layers.preprocessing.resizing import Resizing as Resizing
from lamina.layers.preprocessing.solarization import Solarization as Solarization
from lamina.layers.preprocessing.string_lookup import StringLookup as StringLookup
from lamina.layers.preprocessing.text_vectorization import TextVectorization as TextVectorization

__all__ = [
    "AutoContrast",
    "CategoryEncoding",
    "CenterCrop",
    "CutMix",
    "Discretization",
    "Equalization",
    "Hashing",
    "IntegerLookup",
    "MixUp",
    "RandomBrightness",
    "RandomColorDegeneration",
    "RandomColorJitter",
    "RandomContrast",
    "RandomCrop",
    "RandomErasing",
    "RandomFlip",
    "RandomGaussianBlur",
    "RandomGrayscale",
    "RandomHue",
    "RandomInvert",
    "RandomPerspective",
    "RandomPosterization",
    "RandomRotation",
    "RandomSaturation",
    "RandomSharpness",
    "RandomShear",
    "RandomTranslation",
    "RandomZoom",
    "Rescaling",
    "Resizing",
    "Solarization",
    "StringLookup",
    "TextVectorization",
]
