# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint setup system-deps templates clean

setup: $(STAMP)

# WeasyPrint needs Pango (and subsets fonts 2.4x faster with libharfbuzz-subset0); the tests read
# PDFs back with pdftotext and pdfinfo (poppler-utils), the browser tests drive Debian's chromium; the PDF templates ship their own fonts
# (templates/pdf/fonts) and fall back to Noto Sans CJK and Noto Color Emoji for Chinese, Japanese,
# Korean and emoji (about 100 MB installed: too large to ship).
# Installed from Debian's packages when we can, never fatal when we cannot.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core \
  poppler-utils fonts-noto-cjk fonts-noto-color-emoji chromium
system-deps:
	@if dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = "0" ]; then \
	  echo "Installing system libraries and fonts for PDF rendering and its tests..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
	    --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null) \
	    || echo "warning: could not install system libraries; see README (System libraries)"; \
	else \
	  echo "note: not root (or no apt-get): install these yourself for PDFs and their tests: $(SYSTEM_PACKAGES)"; \
	fi

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP) system-deps
	$(BIN)/ipsdocs demo

test: $(STAMP) system-deps
	$(BIN)/ruff check ipsdocs tests tools
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m tools.bench

templates: $(STAMP)
	$(BIN)/python -m tools.build_templates

clean:
	rm -rf $(VENV) output/demo
