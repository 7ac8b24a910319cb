# Two entry points: `make quickstart` (set up, then the main job) and `make test` (set up, then
# the whole test suite). torch is installed first and explicitly so that no dependency pulls a
# different build; choose another one with e.g.
#   make test TORCH_SPEC='torch==2.13.0 --index-url https://download.pytorch.org/whl/cu126'
PYTHON ?= python3
VENV ?= .venv
TORCH_SPEC ?= torch==2.13.0
PY := $(VENV)/bin/python
STAMP := $(VENV)/.stgcn_kit_installed

.PHONY: setup test quickstart clean

$(STAMP): setup.py setup.cfg requirements/runtime.txt requirements/tests.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q setuptools wheel
	$(PY) -m pip install $(TORCH_SPEC)
	# no build isolation: setup.py must see an already installed full mmcv (see setup.py)
	$(PY) -m pip install --no-build-isolation -e '.[tests]'
	touch $@

setup: $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -q tests

quickstart: $(STAMP)
	$(PY) tools/quickstart.py

clean:
	rm -rf $(VENV) *.egg-info
