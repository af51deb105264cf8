# Two entry points for newcomers (see README Quickstart); everything else is plain `grassroots`.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTHON_CANDIDATES := python3.13 python3.12 python3.11 python3
# Prints True for a Python at least 3.11 (what pyproject.toml requires).
RECENT_ENOUGH := -c 'import sys; print(sys.version_info >= (3, 11))'
recent_enough = $(filter True,$(shell $(1) $(RECENT_ENOUGH) 2>/dev/null))

# A venv whose python is missing, broken or older than 3.11 (left by a failed install with an
# older Python) is rebuilt, not reused: forget it was installed, and find a Python to rebuild
# it with: PYTHON if given (`make PYTHON=/path/to/python3.x`), else the first recent enough
# of PYTHON_CANDIDATES; none is one line and a stop.
ifeq ($(call recent_enough,$(BIN)/python),)
$(shell rm -f $(STAMP))
PYTHON ?= $(firstword $(foreach candidate,$(PYTHON_CANDIDATES),$(if $(call recent_enough,$(candidate)),$(candidate))))
ifeq ($(call recent_enough,$(or $(PYTHON),python3)),)
$(error grassroots needs Python >= 3.11: $(or $(PYTHON),python3) is $(or $(shell $(or $(PYTHON),python3) --version 2>/dev/null),missing)$(if $(PYTHON),, and none of $(PYTHON_CANDIDATES) is newer); install one, or run make PYTHON=/path/to/python3.11)
endif
endif

.PHONY: demo test lint venv

$(STAMP): pyproject.toml
	@if [ -z "$(call recent_enough,$(BIN)/python)" ]; then \
	    rm -rf $(VENV) && echo "creating $(VENV) with $(PYTHON)" && $(PYTHON) -m venv $(VENV); \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/grassroots serve --demo

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
