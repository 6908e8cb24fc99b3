# One command runs the assistant, one runs every check. Both set up what is missing first,
# and skip what is already up to date (venvs, Rasa model, embeddings).
SHELL := /bin/bash
PY311 ?= python3.11
PY310 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python3.10) $(shell command -v python3.10))
VENV := .venv/bin
RASA := .venv-rasa/bin/rasa
RASA_ARGS := --domain domain.yml --config config.yml
export HF_HUB_OFFLINE := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
# Debian's Chromium for the web chat's browser test (Playwright drives it; nothing is downloaded).
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: help setup run test train index validate unit rasa-test channels-test teams-package e2e clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

run: setup train index ## set up what is missing, then start every service on localhost (Ctrl-C stops all)
	$(VENV)/python scripts/stack.py

test: setup train index validate rasa-test channels-test unit ## every check: data validation, Rasa test stories, pytest (incl. end to end)

setup: .venv/.installed .venv-rasa/.installed .venv-rasa/.installed-dev $(CHROMIUM) ## create or update both virtual environments; install Chromium

.venv/.installed: requirements.txt requirements-dev.txt
	@test -x $(VENV)/python || $(PY311) -m venv .venv
	$(VENV)/pip install -q --upgrade pip
	$(VENV)/pip install -q -r requirements.txt -r requirements-dev.txt
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

unit: .venv/.installed ## pytest: knowledge, actions and the end-to-end conversation
	$(VENV)/python -m pytest

channels-test: .venv-rasa/.installed-dev ## tests of the Rasa-side code (channels, lock store) in the Rasa environment (Python 3.10)
	PYTHONPATH=. .venv-rasa/bin/python -m pytest -q --noconftest -p no:cacheprovider tests/channels tests/bot

teams-package: .venv/.installed ## build dist/teams-app.zip (Teams manifest and icons) from NHSBOT_TEAMS_* settings
	$(VENV)/python scripts/teams_package.py

clean: ## remove built things (venvs, model, index, results)
	rm -rf .venv .venv-rasa models .data results
