# Two commands set everything up: `make run` (demo on SQLite, no Redis needed) and
# `make test` (the whole suite; uses DATABASE_URL / REDIS_URL when they are set).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= vsh.settings.dev

.PHONY: run test install assets lint check-deploy clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(VENV)/.installed node_modules/.installed

assets: node_modules/.installed
	npm run --silent build

run: install assets
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py demo_logins --url http://$(HOST):$(PORT)/
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/celery -A vsh worker --beat --loglevel warning --concurrency 1 & \
	$(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

test: install assets
	$(BIN)/ruff check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=vsh.settings.test $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .

check-deploy: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=vsh.settings.production SECRET_KEY=$$(openssl rand -hex 32) \
	ALLOWED_HOSTS=vsh.example.org DATABASE_URL=postgres://vsh@db/vsh REDIS_URL=redis://redis:6379/0 \
	SITE_URL=https://vsh.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
