# SEN - two commands on a fresh machine:
#   make demo   set up and run the demo region on http://127.0.0.1:8000
#   make test   set up and run the whole test suite (SQLite, plus PostgreSQL when DATABASE_URL says so)
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test check lint format typecheck migrations-check run worker seed bench messages clean help

help:
	@echo "make demo    - install, migrate, seed the demo region and run SEN on http://$(HOST):$(PORT)"
	@echo "make test    - install and run the tests (SQLite; PostgreSQL too when DATABASE_URL is postgres://...)"
	@echo "make check   - format check, lint, mypy, makemigrations --check and the tests"
	@echo "make bench   - benchmarks against the large demo region"

$(STAMP): requirements.lock pyproject.toml
	@py=$$(scripts/find-python.sh) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV) || exit 1; fi
	@$(PY) -m pip install --quiet --disable-pip-version-check "uv==0.13.9" 2>&1 | grep -v "is ignored" || true
	@$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock
	@$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	@touch $(STAMP)

demo: $(STAMP)
	@SEN_ENV=demo $(PY) -m sen demo --host $(HOST) --port $(PORT)

run: $(STAMP)
	@SEN_ENV=demo $(PY) -m sen runserver $(HOST):$(PORT)

seed: $(STAMP)
	@SEN_ENV=demo $(PY) -m sen migrate -v0 && SEN_ENV=demo $(PY) -m sen seed_demo $(SEED_ARGS)

worker: $(STAMP)
	@$(PY) -m sen db_worker

test: $(STAMP)
	@scripts/run-tests.sh $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/ruff check src tests bench

format: $(STAMP)
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy src/sen

migrations-check: $(STAMP)
	env -u DATABASE_URL SEN_ENV=test $(PY) -m sen makemigrations --check --dry-run

SEN_APPS = $(patsubst src/sen/%/apps.py,%,$(wildcard src/sen/*/apps.py))
# -P: the apps' own `selectors` modules must not shadow Python's `selectors`.
DJANGO_I18N = PYTHONPATH=$(CURDIR)/src SEN_ENV=test $(CURDIR)/$(PY) -P -m django
messages: $(STAMP)
	@for app in $(SEN_APPS); do mkdir -p src/sen/$$app/locale && (cd src/sen/$$app && $(DJANGO_I18N) makemessages -l nl --no-obsolete --settings=sen.settings --ignore 'demo/*' --ignore 'management/commands/*') || exit 1; done
	@mkdir -p src/sen/locale && cd src/sen && $(DJANGO_I18N) makemessages -l nl --no-obsolete --settings=sen.settings $(foreach d,$(SEN_APPS) static locale,--ignore $(d))
	@cd src/sen && $(DJANGO_I18N) compilemessages --settings=sen.settings

check: lint typecheck migrations-check test

bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/demo.sqlite3 test-artifacts
