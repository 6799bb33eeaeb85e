# mast — build, run, test, benchmark. `make help` lists the targets.

GO       ?= go
TAGS     := duckdb_arrow
GOFLAGS  := -tags=$(TAGS)
export GOFLAGS
FUZZTIME ?= 3000x
FUZZ_PKGS := ./loaders/... ./bench/... ./sql/... ./engine/exhibit/...

.PHONY: help build run demo test unit e2e fuzz fuzz-smoke vet bench bench-load bench-analysis bench-exhibit bench-serve testdata schema-doc clean

help:
	@echo "make build       build bin/mast"
	@echo "make run         build mast and load the demo case from testdata/demo (the main job)"
	@echo "make test        vet, unit + golden + end-to-end tests, and every fuzz target briefly"
	@echo "make fuzz        every fuzz target for 60s each (FUZZTIME=10m make fuzz for longer)"
	@echo "make bench-load  mast load vs DuckDB read_csv on a generated 10M-event file"
	@echo "make bench-analysis  analysis functions vs plain SQL on a generated 50M-event case"
	@echo "make bench-serve QGIS/GDAL cursor reads of a 1M-point layer via mast serve vs in-process; 50-client load test"
	@echo "make bench-exhibit  a 1M-row schedule exhibit to CSV and XLSX vs DuckDB COPY, with memory"
	@echo "make testdata    regenerate testdata/demo with the world generator"

build: bin/mast

bin/mast: FORCE
	$(GO) build -o bin/mast ./cmd/mast

FORCE:

run demo: build
	./bin/mast demo --cases cases

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "not gofmt'ed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

# Unit, golden and end-to-end tests. The closing line counts every test and
# subtest: "unit: N passed, M failed".
UNITLOG := $(or $(TMPDIR),/tmp)/mast-unit.log
unit:
	@$(GO) test -count=1 -v ./... > $(UNITLOG) 2>&1; status=$$?; \
	grep -E '^(ok|FAIL|\?) ' $(UNITLOG); \
	if [ $$status -ne 0 ]; then grep -vE '^(=== (RUN|PAUSE|CONT)|\s*--- PASS)' $(UNITLOG) | tail -200; fi; \
	echo "unit: $$(grep -cE '^\s*--- PASS' $(UNITLOG)) passed, $$(grep -cE '^\s*--- FAIL' $(UNITLOG)) failed"; \
	exit $$status

# Every native fuzz target, for FUZZTIME each. Crashers are written under the
# package's testdata/fuzz/ by go test: commit them with the fix.
define run_fuzz
	@set -e; for pkg in $$($(GO) list $(FUZZ_PKGS)); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$t ($(1))"; \
	    $(GO) test -run='^$$' -fuzz="^$$t\$$" -fuzztime=$(1) $$pkg > /tmp/mast-fuzz.log 2>&1 || { cat /tmp/mast-fuzz.log; exit 1; }; \
	  done; \
	done
endef

fuzz-smoke:
	$(call run_fuzz,$(FUZZTIME))

test: build vet fuzz-smoke unit

fuzz:
	$(call run_fuzz,$(if $(filter command line environment,$(origin FUZZTIME)),$(FUZZTIME),60s))

bench: bench-load bench-analysis bench-exhibit bench-serve

bench-analysis: build
	./bin/mast bench analysis --dir bench/out/analysis

bench-exhibit: build
	./bin/mast bench exhibit --rows $${ROWS:-1000000} --dir bench/out/exhibit

bench-load: build
	./bin/mast bench load --events $${EVENTS:-10000000} --dir bench/out/load

bench-serve: build
	./bin/mast bench serve --rows $${ROWS:-1000000} --clients $${CLIENTS:-50} --duration $${DURATION:-20s} --dir bench/out/serve

testdata: build
	rm -rf testdata/demo
	./bin/mast bench generate --out testdata/demo --handsets 12 --days 3 --files 2 --dirty --seed 1 --dump-rows 200

schema-doc: build
	./bin/mast case schema --markdown > docs/schema.md

clean:
	rm -rf bin cases bench/out
