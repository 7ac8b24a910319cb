# Two entry points: `make quickstart` (set up, then the main job) and `make test` (set up, then
# the whole test suite). torch is installed first and explicitly so that no dependency pulls a
# different build; choose another one with e.g.
#   make test TORCH_SPEC='torch==2.13.0 --index-url https://download.pytorch.org/whl/cu126'
PYTHON ?= python3
VENV ?= .venv
TORCH_SPEC ?= torch==2.13.0
PY := $(VENV)/bin/python
STAMP := $(VENV)/.stgcn_kit_installed
# mediapipe 0.10.21, the last release that ships its pose model in the wheel (the demo runs
# offline), pins numpy<2: its tests run in an environment of its own that sees everything
# installed in $(VENV) but has its own numpy and mediapipe (pip reports the numpy/protobuf pins of
# packages in $(VENV) as conflicts: those packages are shadowed there, not used).
DEMO_VENV ?= .venv-mediapipe
DEMO_PY := $(DEMO_VENV)/bin/python
DEMO_STAMP := $(DEMO_VENV)/.stgcn_kit_installed

.PHONY: setup test quickstart clean

$(STAMP): setup.py setup.cfg requirements/runtime.txt requirements/tests.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q setuptools wheel
	$(PY) -m pip install $(TORCH_SPEC)
	# no build isolation: setup.py must see an already installed full mmcv (see setup.py)
	$(PY) -m pip install --no-build-isolation -e '.[tests]'
	touch $@

$(DEMO_STAMP): $(STAMP) requirements/optional.txt
	$(PYTHON) -m venv $(DEMO_VENV)
	$(DEMO_PY) -c "import sysconfig; own = sysconfig.get_paths()['purelib']; \
	  base = sysconfig.get_paths(vars={'base': '$(abspath $(VENV))'})['purelib']; \
	  open(own + '/stgcn_kit_base.pth', 'w').write(f'import site; site.addsitedir({base!r})\n')"
	$(DEMO_PY) -m pip install -q --ignore-installed -r requirements/optional.txt
	touch $@

setup: $(STAMP)

test: $(STAMP) $(DEMO_STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q tests
	$(DEMO_PY) -m pytest -q -p no:cacheprovider -k mediapipe tests/pose/test_backends.py \
	  tests/tools/test_demo.py tests/tools/test_online.py

quickstart: $(STAMP)
	$(PY) tools/quickstart.py

clean:
	rm -rf $(VENV) $(DEMO_VENV) *.egg-info
