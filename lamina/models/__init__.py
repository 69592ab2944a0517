"""``lamina.models``: Model, Sequential, cloning, saving and loading."""

from lamina.models.cloning import clone_model as clone_model
from lamina.models.model import Model as Model
from lamina.models.model import load_model as load_model
from lamina.models.model_io import model_from_json as model_from_json
from lamina.models.model_io import save_model as save_model
from lamina.models.sequential import Sequential as Sequential
