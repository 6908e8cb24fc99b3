# One command runs the assistant, one runs every check. Both set up what is missing first,
# and skip what is already up to date (venvs, Rasa model, embeddings).
SHELL := /bin/bash
PY311 ?= python3.11
PY310 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python3.10) $(shell command -v python3.10))
VENV := .venv/bin
RASA := .venv-rasa/bin/rasa
RASA_ARGS := --domain domain.yml --config config.yml
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
# Debian's Chromium for the web chat's browser test (Playwright drives it; nothing is downloaded).
CHROMIUM := /usr/bin/chromium
# Debian's Node.js and npm for Microsoft's Teams validators (npm packages pinned in package-lock.json).
NPM := /usr/bin/npm
TEAMS_BUILD := build/teams
# Placeholder values for the manifest checked in `make test` (a real package uses your NHSBOT_TEAMS_* settings).
TEAMS_CHECK_ENV := NHSBOT_TEAMS_APP_ID=00000000-0000-4000-8000-00000000b07a \
	NHSBOT_TEAMS_WEBSITE_URL=https://rd.example.org/assistant NHSBOT_TEAMS_PRIVACY_URL=https://rd.example.org/privacy \
	NHSBOT_TEAMS_TERMS_URL=https://rd.example.org/terms
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: help setup run test train index validate lint unit pytest rasa-test channels-test teams-package teams-validate e2e clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

run: setup train index ## set up what is missing, then start every service on localhost (Ctrl-C stops all)
	$(VENV)/python -m launcher

test: setup train index lint validate rasa-test channels-test teams-validate pytest ## every check: lint, data validation, Rasa test stories, Teams validators, pytest (incl. end to end)

setup: .venv/.installed .venv-rasa/.installed .venv-rasa/.installed-dev $(CHROMIUM) node_modules/.installed ## create or update both virtual environments; install Chromium, Node.js and the npm validators

.venv/.installed: requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(VENV)/python || $(PY311) -m venv .venv
	$(VENV)/pip install -q --upgrade pip
	$(VENV)/pip install -q -r requirements.txt -r requirements-dev.txt
	$(VENV)/pip install -q -e .
	@touch $@

.venv-rasa/.installed: requirements-rasa.txt
	@test -n "$(PY310)" || { echo "Python 3.10 not found: install it (pyenv install 3.10) or set PY310=/path/to/python3.10"; exit 1; }
	@test -x .venv-rasa/bin/python || $(PY310) -m venv .venv-rasa
	.venv-rasa/bin/pip install -q --upgrade pip
	.venv-rasa/bin/pip install -q -r requirements-rasa.txt
	@touch $@

# Separate stamp: test tools in the Rasa venv must not make the model look out of date.
.venv-rasa/.installed-dev: .venv-rasa/.installed requirements-rasa-dev.txt
	.venv-rasa/bin/pip install -q -r requirements-rasa-dev.txt
	@touch $@

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "install Chromium at $(CHROMIUM) for the browser test (Debian: apt-get install chromium)"; exit 1; }
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq chromium fonts-noto-color-emoji

$(NPM):
	@command -v apt-get >/dev/null || { echo "install Node.js and npm (Debian: apt-get install nodejs npm) for the Teams validators"; exit 1; }
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq nodejs npm

node_modules/.installed: package.json package-lock.json | $(NPM)
	$(NPM) ci --no-audit --no-fund
	@touch $@

models/.trained: .venv-rasa/.installed config.yml domain.yml $(wildcard bot/data/*.yml)
	$(RASA) train $(RASA_ARGS) --data bot/data --out models --fixed-model-name assistant
	@touch $@

train: models/.trained ## train the Rasa model if its data, domain or config changed

index: .venv/.installed ## validate the entries and build the search index (re-embeds only changed passages)
	$(VENV)/python -m knowledge build

validate: .venv-rasa/.installed ## rasa data validate
	$(RASA) data validate $(RASA_ARGS) --data bot/data

rasa-test: models/.trained ## rasa test on the test stories; fails on any wrong prediction
	$(RASA) test core --model models/assistant.tar.gz --stories bot/tests --out results --fail-on-prediction-errors
	$(RASA) test nlu --model models/assistant.tar.gz --nlu bot/data/nlu.yml --out results

lint: .venv/.installed ## ruff (configured in pyproject.toml)
	$(VENV)/ruff check .

pytest: .venv/.installed ## every pytest suite: unit, slow and end to end
	$(VENV)/python -m pytest

# The fast loop keeps compiled modules, whatever PYTHONDONTWRITEBYTECODE says (without them each worker compiled
# every module and rewrote every test file again: 5 s of CPU a worker), and its temporary folders in memory where
# there is room (SQLite's and the caches' syncs to disk were a quarter of the curation tests' time); only a failed
# test's folder is kept (docs/benchmarks.md, "Set-up and test times").
UNIT_TMP := $(shell df -Pm /dev/shm 2>/dev/null | awk 'NR == 2 && $$4 > 2048 {print "/dev/shm"}')
ifneq ($(UNIT_TMP),)
unit: export TMPDIR := $(UNIT_TMP)
endif
unit: export PYTHONDONTWRITEBYTECODE :=
unit: .venv/.installed ## the fast loop: no services started or needed (no end-to-end, slow or PostgreSQL tests; tests/conftest.py)
	$(VENV)/python -m pytest -q -n auto -m "not e2e and not slow and not services" -o tmp_path_retention_policy=failed

e2e: setup train index ## the end-to-end suites: the real services (Rasa, actions, knowledge) started and talked to
	$(VENV)/python -m pytest -q -m e2e

channels-test: .venv-rasa/.installed-dev ## tests of the Rasa-side code (channels, lock store) in the Rasa environment (Python 3.10)
	PYTHONPATH=. .venv-rasa/bin/python -m pytest -q --noconftest -p no:cacheprovider tests/channels tests/bot

teams-package: .venv/.installed ## build dist/teams-app.zip (Teams manifest and icons) from NHSBOT_TEAMS_* settings
	$(VENV)/python -m teamsapp.package

teams-validate: .venv/.installed node_modules/.installed ## Microsoft's validators: every Adaptive Card the bot can send, and the built Teams manifest
	$(VENV)/python -m teamsapp.cards --out $(TEAMS_BUILD)/cards.json
	$(TEAMS_CHECK_ENV) $(VENV)/python -m teamsapp.package --out $(TEAMS_BUILD)/teams-app.zip
	rm -rf $(TEAMS_BUILD)/app && $(VENV)/python -m zipfile -e $(TEAMS_BUILD)/teams-app.zip $(TEAMS_BUILD)/app
	node --test tests/teamsapp/

clean: ## remove built things (venvs, model, index, results)
	rm -rf .venv .venv-rasa models .data results build node_modules
