# Two entry points: `make run` (check the bundled corpus) and `make test`.
# Both create .venv/ in the repo root with a Python 3.11 or 3.12 (durable_rules does not import on 3.13).
VENV := .venv
PYTHON_CANDIDATES := python3.12 python3.11 python3
FIND_PYTHON := for p in $(PYTHON_CANDIDATES); do \
	  if $$p -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 13) else 1)' >/dev/null 2>&1; then echo $$p; break; fi; \
	done

.PHONY: run test install install-test clean

$(VENV)/bin/python:
	@py=$$($(FIND_PYTHON)); \
	if [ -z "$$py" ]; then echo "需要 Python 3.11 或 3.12 / Python 3.11 or 3.12 is required" >&2; exit 2; fi; \
	$$py -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(VENV)/bin/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(VENV)/bin/python -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Findings in the corpus are the expected output, so the run does not fail on them.
run: install
	$(VENV)/bin/lawlint check corpus/ --fail-on never

test: install-test
	$(VENV)/bin/python -m pytest

clean:
	rm -rf $(VENV)
