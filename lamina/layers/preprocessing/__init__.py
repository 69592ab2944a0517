"""Layers: preprocessing family (rescaling, resizing, encodings, lookups, augmentation)."""

from lamina.layers.preprocessing.category_encoding import CategoryEncoding as CategoryEncoding
from lamina.layers.preprocessing.center_crop import CenterCrop as CenterCrop
from lamina.layers.preprocessing.discretization import Discretization as Discretization
from lamina.layers.preprocessing.hashing import Hashing as Hashing
from lamina.layers.preprocessing.integer_lookup import IntegerLookup as IntegerLookup
from lamina.layers.preprocessing.random_contrast import RandomContrast as RandomContrast
from lamina.layers.preprocessing.random_crop import RandomCrop as RandomCrop
from lamina.layers.preprocessing.random_flip import RandomFlip as RandomFlip
from lamina.layers.preprocessing.random_rotation import RandomRotation as RandomRotation
from lamina.layers.preprocessing.random_translation import RandomTranslation as RandomTranslation
from lamina.layers.preprocessing.random_zoom import RandomZoom as RandomZoom
from lamina.layers.preprocessing.rescaling import Rescaling as Rescaling
from lamina.layers.preprocessing.resizing import Resizing as Resizing
from lamina.layers.preprocessing.string_lookup import StringLookup as StringLookup
from lamina.layers.preprocessing.text_vectorization import TextVectorization as TextVectorization

__all__ = [
    "CategoryEncoding",
    "CenterCrop",
    "Discretization",
    "Hashing",
    "IntegerLookup",
    "RandomContrast",
    "RandomCrop",
    "RandomFlip",
    "RandomRotation",
    "RandomTranslation",
    "RandomZoom",
    "Rescaling",
    "Resizing",
    "StringLookup",
    "TextVectorization",
]
