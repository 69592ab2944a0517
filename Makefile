# lamina developer entry points. Needs only Python 3.11+ and make.
#
#   make demo    create .venv, install lamina with the examples extra, run the MNIST-1D demo
#   make test    create .venv, install lamina with the test extra, lint, run the whole test suite
#   make lint    ruff over the package, the tests, the examples and the benchmarks
#   make bench   run the MLP fit benchmark (lamina vs jax+optax vs Keras 3)
#   make clean   remove .venv, caches and build outputs
#
# Installs are stamped (.venv/.installed-<extra>) and redone only when pyproject.toml changes.

PYTHON ?= python3
VENV ?= .venv
VENV_PYTHON := $(VENV)/bin/python
PIP := $(VENV_PYTHON) -m pip
LINT_PATHS := lamina tests examples benchmarks
BENCH_ARGS ?= --json .cache/bench/mlp_fit.json
PYTEST_ARGS ?= -n auto

.PHONY: demo test lint bench clean

$(VENV_PYTHON):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-%: pyproject.toml | $(VENV_PYTHON)
	$(PIP) install -e ".[$*]"
	@touch $@

demo: $(VENV)/.installed-examples
	$(VENV_PYTHON) examples/mnist1d_demo.py

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check $(LINT_PATHS)

# pytest exits 5 when it collects no tests: that is a failure here, never a pass.
# No -q here: pyproject's addopts already has one, and -qq would hide the "N passed" line.
test: lint
	@$(VENV_PYTHON) -m pytest -x $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; \
	exit $$status

bench: $(VENV)/.installed-test
	$(VENV_PYTHON) benchmarks/mlp_fit.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .cache .pytest_cache .ruff_cache build dist *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
