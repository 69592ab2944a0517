"""Model summaries and plots: ``print_summary``, ``model_to_dot``, ``plot_model``."""

from lamina.visualization.model_to_dot import model_to_dot as model_to_dot
from lamina.visualization.plot_model import plot_model as plot_model
from lamina.visualization.summary import print_summary as print_summary
