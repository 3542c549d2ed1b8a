# The commands people type. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
UV_RUN := uv run --frozen --no-sync
MANAGE := $(UV_RUN) python manage.py
HOST ?= 127.0.0.1:8000
PROVINCE ?= 40
SHAPE ?= today

.PHONY: setup run serve demo test test-pg lint format bench bench-national bench-faults bench-pagestats bench-load worker messages

setup:
	@./scripts/bootstrap.sh >/dev/null

run: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) demo --province $(PROVINCE) --shape $(SHAPE)
	@echo "FrontNet: mở http://$(HOST)/ và đăng nhập bằng một người dùng mẫu ở trên (tinh, chuyenvien1, chuyenvien2, huyen, xa)."
	DJANGO_DEBUG=1 $(MANAGE) runserver $(HOST)

# The database worker, and beside it the scheduler (django-crontask) that enqueues the daily
# reminders, figure pruning, e-mail digests and e-mail retries (frontnet/notifications/tasks.py).
# The production server: gunicorn on HOST with the environment's settings (DATABASE_URL,
# DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, ...); WEB_WORKERS processes x WEB_THREADS threads.
WEB_WORKERS ?= 2
WEB_THREADS ?= 4
serve: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v 0
	$(UV_RUN) gunicorn config.wsgi --bind $(HOST) --workers $(WEB_WORKERS) --threads $(WEB_THREADS) \
		--access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

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

# The province dashboard against a trivial page under 20 concurrent clients (see Performance).
bench-load: setup
	$(UV_RUN) python bench/load.py $(BENCH_ARGS)

messages: setup
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=staticfiles
