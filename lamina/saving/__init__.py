"""``lamina.saving``: the serialization registry and whole-model / weights files (Keras 3 names)."""

from lamina._registry import CustomObjectScope as CustomObjectScope
from lamina._registry import SerializationError as SerializationError
from lamina._registry import custom_object_scope as custom_object_scope
from lamina._registry import deserialize_keras_object as deserialize_keras_object
from lamina._registry import get_custom_objects as get_custom_objects
from lamina._registry import get_registered_name as get_registered_name
from lamina._registry import get_registered_object as get_registered_object
from lamina._registry import register_keras_serializable as register_keras_serializable
from lamina._registry import serialize_keras_object as serialize_keras_object
from lamina.saving.errors import ArchiveError as ArchiveError
from lamina.saving.errors import ConfigError as ConfigError
from lamina.saving.errors import IntegrityError as IntegrityError
from lamina.saving.errors import LimitError as LimitError
from lamina.saving.errors import LoadError as LoadError
from lamina.saving.errors import SaveError as SaveError
from lamina.saving.errors import UnsafeFileError as UnsafeFileError
from lamina.saving.errors import WeightsMismatchError as WeightsMismatchError
from lamina.saving.saving_api import load_model as load_model
from lamina.saving.saving_api import load_weights as load_weights
from lamina.saving.saving_api import save_model as save_model
from lamina.saving.saving_api import save_weights as save_weights
