# The commands people type. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
UV_RUN := uv run --frozen --no-sync
MANAGE := $(UV_RUN) python manage.py
HOST ?= 127.0.0.1:8000
PROVINCE ?= 40
SHAPE ?= today

.PHONY: setup run demo test test-pg lint format bench bench-national bench-faults bench-pagestats worker messages

setup:
	@./scripts/bootstrap.sh >/dev/null

run: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) demo --province $(PROVINCE) --shape $(SHAPE)
	@echo "FrontNet: mở http://$(HOST)/ và đăng nhập bằng một người dùng mẫu ở trên (tinh, chuyenvien1, chuyenvien2, huyen, xa)."
	DJANGO_DEBUG=1 $(MANAGE) runserver $(HOST)

# The database worker, and beside it the scheduler (django-crontask) that enqueues the daily
# reminders, figure pruning, e-mail digests and e-mail retries (frontnet/notifications/tasks.py).
worker: setup
	export TASKS_BACKEND=django_tasks_db.DatabaseBackend; \
	$(MANAGE) crontask & trap "kill $$! 2>/dev/null" EXIT; \
	$(MANAGE) db_worker

lint: setup
	$(UV_RUN) ruff check .
	$(UV_RUN) ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

format: setup
	$(UV_RUN) ruff check --fix .
	$(UV_RUN) ruff format .

# The whole suite on SQLite (DATABASE_URL, when set, picks another database).
test: lint
	$(UV_RUN) pytest $(PYTEST_ARGS)

# The same suite on PostgreSQL; pytest-django creates and drops the test database.
PG_URL ?= postgres://postgres@127.0.0.1:5432/frontnet
test-pg: setup
	DATABASE_URL=$(PG_URL) $(UV_RUN) pytest $(PYTEST_ARGS)

bench: setup
	$(UV_RUN) python bench/run.py

# The monitoring rollup on a synthetic country (1,000,000 cadres), SQLite and PostgreSQL.
bench-national: setup
	$(UV_RUN) python bench/national.py

# Each hostile file of issue #11 (items 1-4) against a server on loopback: status, peak RSS,
# seconds, and whether it still answers. PROJECT=/path/to/checkout runs another checkout's server.
bench-faults: setup
	$(UV_RUN) python bench/faults.py $(if $(PROJECT),--project $(PROJECT))

# Page statistics: a year of posts exports for 500 pages, and the by-page table of a level.
bench-pagestats: setup
	$(UV_RUN) python bench/pagestats.py

messages: setup
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=staticfiles
