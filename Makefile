# KetaCare: the two commands a newcomer needs are `make run` and `make test`.
# Everything else here is what those two are built from.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Two locks, both generated from pyproject.toml by `make lock`, every file pinned
# by hash: what a production server runs, and that plus the tools for
# development and tests. `make serve` installs the first only.
RUNTIME_LOCK := requirements/runtime.txt
DEV_LOCK := requirements/dev.txt
RUNTIME_STAMP := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed-dev
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check
CHROMIUM ?= /usr/bin/chromium
SYSTEM_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ketacare_ci
# The site's own role on that database; `manage.py migrate` creates it.
SYSTEM_RUNTIME_URL ?= postgres://ketacare_app@127.0.0.1:5432/ketacare_ci

# Placeholder production values, only so `check --deploy` can inspect a
# production configuration in CI. `make serve` never uses them.
LINT_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=lint-only-$$(printf '%064d' 0 | tr 0 x) \
	DJANGO_ALLOWED_HOSTS=clinic.example.org \
	KETACARE_FIELD_KEYS=$$(printf '%043d=' 0) \
	KETACARE_BLIND_INDEX_KEY=lint-only-$$(printf '%040d' 0) \
	KETACARE_AUDIT_KEY=lint-audit-$$(printf '%040d' 0) \
	KETACARE_SITE_URL=https://clinic.example.org \
	KETACARE_STAFF_ALERT_EMAIL=intake@clinic.example.org KETACARE_LICENSED_STATES=CA \
	KETACARE_LEAD_ALERT_EMAIL=leads@clinic.example.org

.PHONY: help
help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

# --- set-up ---------------------------------------------------------------

# A virtualenv on Python 3.12+ with a known pip (recreated if it is older).
define make-venv
	@python=$$(./scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Creating $(VENV) with $$python"; rm -rf $(VENV); "$$python" -m venv $(VENV) || exit 1; \
	fi
	$(PIP_INSTALL) "pip==26.3"
endef

# xstatic-bootstrap is built from source: build-constraints.txt keeps its
# setuptools below the version that removed pkg_resources.
$(STAMP): $(DEV_LOCK) build-constraints.txt scripts/find-python
	$(make-venv)
	$(PIP_INSTALL) --require-hashes --build-constraint build-constraints.txt -r $(DEV_LOCK)
	@touch $(STAMP)

$(RUNTIME_STAMP): $(RUNTIME_LOCK) build-constraints.txt scripts/find-python
	$(make-venv)
	$(PIP_INSTALL) --require-hashes --build-constraint build-constraints.txt -r $(RUNTIME_LOCK)
	@touch $(RUNTIME_STAMP)

.PHONY: venv
venv: $(STAMP)  ## Create .venv with the runtime and development lock installed

.PHONY: venv-runtime
venv-runtime: $(RUNTIME_STAMP)  ## Create .venv with the runtime lock only (production)

.PHONY: lock
lock: venv  ## Re-pin both lock files from pyproject.toml (UPGRADE=1 to move to the newest allowed)
	$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_FLAGS) -o $(RUNTIME_LOCK)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) \
		--constraint $(RUNTIME_LOCK) -o $(DEV_LOCK)

LOCK_FLAGS = --universal --python-version 3.12 --generate-hashes --quiet \
	--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)

.PHONY: chromium
chromium: venv  ## Make sure a Chromium is there for the browser tests (Debian's, or Playwright's without apt)
	@CHROMIUM=$(CHROMIUM) PY=$(PY) ./scripts/ensure-chromium

# --- the two commands -----------------------------------------------------

.PHONY: run
run: venv  ## Set everything up and serve the site at http://127.0.0.1:8000
	DJANGO_DEBUG=1 KETACARE_REQUIRE_2FA=0 $(PY) manage.py dev

# One pytest worker per core (each with its own test database), then the few
# tests that stop the shared embedded server, alone.
TEST_WORKERS ?= auto

.PHONY: test
test: venv chromium  ## Set everything up and run the whole test suite
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not serial" $(PYTEST_ARGS)
	$(PY) -m pytest -m serial $(PYTEST_ARGS)

# --- the rest -------------------------------------------------------------

.PHONY: test-system-pg
test-system-pg: venv  ## Migrations and database tests against the machine's PostgreSQL, owner and runtime roles
	DATABASE_URL=$(SYSTEM_DATABASE_URL) DJANGO_DEBUG=1 $(PY) manage.py ensure_database
	DATABASE_URL=$(SYSTEM_RUNTIME_URL) DATABASE_OWNER_URL=$(SYSTEM_DATABASE_URL) \
		DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DATABASE_URL=$(SYSTEM_RUNTIME_URL) DATABASE_OWNER_URL=$(SYSTEM_DATABASE_URL) \
		$(PY) -m pytest -n $(TEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

.PHONY: lint
lint: venv  ## ruff, mypy, djlint, missing migrations, check --deploy
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DJANGO_DEBUG=1 $(PY) -m mypy
	$(PY) -m djlint --lint templates
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(LINT_ENV) $(PY) manage.py check --deploy --fail-level WARNING

.PHONY: format
format: venv  ## Apply ruff's formatting and fixes
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

.PHONY: serve
serve: venv-runtime  ## Production: checks, static files, gunicorn (settings from the environment)
	DJANGO_DEBUG=0 $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(PY) -m gunicorn --config ketacare/gunicorn_conf.py ketacare.wsgi

.PHONY: bench-tools
bench-tools: chromium  ## wrk (Debian) and Lighthouse (npm, pinned) for make bench
	@./scripts/ensure-debian-package /usr/bin/wrk wrk "make bench"
	@[ -x bench/node_modules/.bin/lighthouse ] || (cd bench && npm ci --no-audit --no-fund --silent)

.PHONY: bench
bench: venv bench-tools  ## Measure speed, size, Lighthouse and a load test; writes bench/results and README
	@# Both always run; the target fails if either missed a budget.
	@$(PY) bench/run.py $(BENCH_ARGS); run=$$?; \
		$(PY) bench/scale.py $(SCALE_ARGS); scale=$$?; \
		test $$run -eq 0 && test $$scale -eq 0

.PHONY: bench-scale
bench-scale: venv  ## The staff queue and dashboard with 100,000 assessments and 500,000 check-ins, against budgets
	$(PY) bench/scale.py $(SCALE_ARGS)

.PHONY: superuser
superuser: venv  ## Create an admin login interactively
	$(PY) manage.py createsuperuser

.PHONY: clean
clean:  ## Remove the virtualenv, the embedded database and generated files
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .mypy_cache
