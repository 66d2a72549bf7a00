# gongzhi — the two commands a newcomer needs are `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
GONGZHI := $(BIN)/gongzhi
# Demo and local runs use development keys; production sets real ones (docs/deploy.md).
DEV_ENV := DEBUG=true
PYTEST_ARGS ?=
WORKERS ?= auto
# make test SKIP_BROWSER=1: run without Chromium (the browser tests are reported as left out).
SKIP_BROWSER ?=

.PHONY: demo test install lint format migrate run worker test-postgres system-deps demo-deps bench-deps clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(DEV_ENV) $(GONGZHI) migrate --no-input

## make system-deps: the Debian packages the tests need (system-packages.txt), as root or via sudo.
## SKIP_BROWSER=1 leaves chromium out; the browser tests are then skipped and the run says so.
system-deps:
	@SKIP_BROWSER=$(SKIP_BROWSER) tools/system-deps.sh test

demo-deps:
	@tools/system-deps.sh run

## make bench-deps: what the benchmarks need besides PostgreSQL (wrk; django-import-export).
bench-deps: install
	@tools/system-deps.sh bench
	$(BIN)/python -m pip install --quiet -e '.[bench]'

## make demo: set up, load the demo street on SQLite, start the task worker and the server.
demo: demo-deps migrate
	@mkdir -p var
	$(DEV_ENV) $(GONGZHI) demo --no-serve
	@echo "服务器 / server: http://127.0.0.1:8000  任务进程日志 / task worker log: var/worker.log  (Ctrl-C 停止 / to stop)"
	@bash -c 'trap "kill 0" EXIT; $(DEV_ENV) $(GONGZHI) db_worker --queue-name "*" >var/worker.log 2>&1 & $(DEV_ENV) $(GONGZHI) runserver 127.0.0.1:8000'

run: migrate
	$(DEV_ENV) $(GONGZHI) runserver 127.0.0.1:8000

worker: migrate
	$(DEV_ENV) $(GONGZHI) db_worker --queue-name '*'

## make test: set up and run the whole suite (SQLite by default; set DATABASE_URL for PostgreSQL).
test: system-deps install
	SKIP_BROWSER=$(SKIP_BROWSER) $(BIN)/pytest -n $(WORKERS) $(PYTEST_ARGS)

test-postgres: system-deps install
	SKIP_BROWSER=$(SKIP_BROWSER) DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -n $(WORKERS) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=src $(BIN)/lint-imports
	PYTHONPATH=.:src $(BIN)/mypy
	$(DEV_ENV) $(GONGZHI) makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var gongzhi.sqlite3* .pytest_cache
