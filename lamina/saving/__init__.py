"""``lamina.saving``: the serialization registry (Keras 3 names)."""

from lamina._registry import CustomObjectScope as CustomObjectScope
from lamina._registry import SerializationError as SerializationError
from lamina._registry import custom_object_scope as custom_object_scope
from lamina._registry import deserialize_keras_object as deserialize_keras_object
from lamina._registry import get_custom_objects as get_custom_objects
from lamina._registry import get_registered_name as get_registered_name
from lamina._registry import get_registered_object as get_registered_object
from lamina._registry import register_keras_serializable as register_keras_serializable
from lamina._registry import serialize_keras_object as serialize_keras_object
