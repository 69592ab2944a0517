"""``lamina.models``: Model, Sequential."""

from lamina.models.model import Model as Model
from lamina.models.model import load_model as load_model
from lamina.models.sequential import Sequential as Sequential
