# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint setup system-deps templates clean

setup: $(STAMP)

# WeasyPrint needs Pango (and subsets fonts 2.4x faster with libharfbuzz-subset0); the tests read
# PDFs back with pdftotext (poppler-utils); the browser tests drive Debian's chromium;
# installed from Debian's packages when we can, never fatal when we cannot.
system-deps:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = "0" ]; then \
	  if ! dpkg -s libpango-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils chromium >/dev/null 2>&1; then \
	    echo "Installing system libraries for PDF rendering (pango, harfbuzz-subset, fonts)..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils chromium >/dev/null) \
	      || echo "warning: could not install system libraries; see README (System libraries)"; \
	  fi; \
	fi

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/ipsdocs demo

test: $(STAMP)
	$(BIN)/ruff check ipsdocs tests tools
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m tools.bench

templates: $(STAMP)
	$(BIN)/python -m tools.build_templates

clean:
	rm -rf $(VENV) output/demo
