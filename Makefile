# chronicle - build, test, run.  `make run` and `make test` install what is
# missing first (see `deps`).

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
# systemd reads units from /usr/local/lib/systemd/system as well.
UNITDIR ?= $(PREFIX)/lib/systemd/system
BUILD   ?= build
# `make dist` writes chronicle-VERSION.tar.gz here.
DISTDIR ?= $(BUILD)
LISTEN  ?= 127.0.0.1:8080
CORPUS  ?= fixtures/corpus
# WordNet 3.0 (Debian: wordnet-base), read at build time for the word table.
WORDNET_DIR ?= /usr/share/wordnet
# ISO 3166-1 countries (Debian: iso-codes), read at build time for actors.
ISO_CODES_DIR ?= /usr/share/iso-codes/json

CC      ?= cc
# The version: a release tarball's VERSION file, else `git describe`
# (a tag such as v1.2 gives 1.2, 1.2-5-gHASH five commits later; before the
# first tag 0.0-N-gHASH, N commits in), "-dirty" for uncommitted changes;
# else the version of the last build here (`sudo make install` in another
# user's clone, where git refuses to run), else "unknown".
VERSION := $(shell v=$$(cat VERSION 2>/dev/null) || \
             v=$$(git describe --tags --dirty --match 'v[0-9]*' 2>/dev/null) || \
             { n=$$(git rev-list --count HEAD 2>/dev/null) && \
               v="0.0-$$n-g$$(git describe --always --dirty --abbrev=7)"; } || \
             v=$$(sed -n 's/^ *return "\(.*\)";$$/\1/p' $(BUILD)/gen/version.c 2>/dev/null | grep .) || \
             v=unknown; \
             printf '%s\n' "$$v" | head -n 1 | sed 's/^v//' | tr -cd 'A-Za-z0-9.+~_-')
# Quiet build lines ("  CC core/tag/rules.c"); V=1 prints whole commands.
V       ?= 0
ifeq ($(V),1)
Q        =
say      = @true
else
Q        = @
say      = @printf '  %-6s %s\n'
endif
PKGS     = libevent jansson libical zlib libmagic libxml-2.0 gmime-3.0 poppler-glib \
           libzip uchardet
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-missing-field-initializers
DEFS     = -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
OPT     ?= -O2 -g
# GMime, Poppler and libzip are loaded when the first e-mail, PDF or
# .docx comes (core/read/lazylib.c), not linked: with the fifty libraries
# they pull in they cost every run 15 to 25 ms to start.  Their sonames
# are read from the libraries their -dev packages install.
PKGS_LAZY  = gmime-3.0 poppler-glib libzip
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(filter-out $(PKGS_LAZY),$(PKGS)) 2>/dev/null) \
             -levent_pthreads -lpthread
soname     = $(shell objdump -p "$$(pkg-config --variable=libdir $(1) 2>/dev/null)/$(2)" \
               2>/dev/null | sed -n 's/^ *SONAME *//p')
GMIME_SO   = $(call soname,gmime-3.0,libgmime-3.0.so)
POPPLER_SO = $(call soname,poppler-glib,libpoppler-glib.so)
ZIP_SO     = $(call soname,libzip,libzip.so)
LAZY_DEFS  = $(if $(GMIME_SO),-DCHR_GMIME_SO='"$(GMIME_SO)"') \
             $(if $(POPPLER_SO),-DCHR_POPPLER_SO='"$(POPPLER_SO)"') \
             $(if $(ZIP_SO),-DCHR_ZIP_SO='"$(ZIP_SO)"')
CFLAGS_ALL = $(WARN) $(DEFS) $(OPT) -Iinclude -Icore $(PKG_CFLAGS) $(CFLAGS)
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
TEST_LIBS = $(shell pkg-config --libs criterion 2>/dev/null)

# core/lex/mkwords/ (a build tool: it writes build/gen/words.c) is one
# folder deeper, so not in the library.
CORE_SRC = $(sort $(wildcard core/*/*.c))
CLI_SRC  = $(sort $(wildcard cmd/chronicle/*.c))
D_SRC    = $(sort $(wildcard cmd/chronicled/*.c))
TEST_SRC = $(sort $(wildcard tests/*/test_*.c))
BENCH_SRC = $(sort $(wildcard tests/bench/bench_*.c))

# Generated core data, compiled once for both libraries (no sanitizer:
# plain arrays, and the lookup code around them is instrumented).
GEN_OBJ  = $(BUILD)/gen/words.o $(BUILD)/gen/places.o $(BUILD)/gen/version.o
CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/obj/%.o) $(GEN_OBJ)
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
D_OBJ    = $(D_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/gen/assets.o
SCORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/san/%.o) $(GEN_OBJ)
SCLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/san/%.o)
SD_OBJ   = $(D_SRC:%.c=$(BUILD)/san/%.o) $(BUILD)/gen/assets.o
TESTS    = $(TEST_SRC:tests/%.c=$(BUILD)/san/tests/%)
BENCHES  = $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)

# Debian packages: "pkg-config name:package" and "command:package" pairs.
# `run-deps` installs what building and serving need (make run),
# `test-deps` what only the tests need, `deps` both (make test).
DEPS_PC  = libevent:libevent-dev jansson:libjansson-dev libical:libical-dev \
           zlib:zlib1g-dev libmagic:libmagic-dev libxml-2.0:libxml2-dev \
           gmime-3.0:libgmime-3.0-dev poppler-glib:libpoppler-glib-dev libzip:libzip-dev \
           uchardet:libuchardet-dev
DEPS_BIN = pkg-config:pkg-config
# "file:package" pairs, for a library with no pkg-config file.
DEPS_FILE = /usr/include/mimalloc.h:libmimalloc-dev
# Criterion runs the tests, chromium the page's browser test, man and
# groff render the manual pages in tests/cmd/test_install.c.
TEST_DEPS_PC  = criterion:libcriterion-dev
TEST_DEPS_BIN = chromium:chromium man:man-db groff:groff-base
# Python modules for the tests only: "module:package", imported by
# Debian's /usr/bin/python3.
DEPS_PY  = distributed:python3-distributed
# promtool (Debian: prometheus, about 100 MB with its web assets) checks
# /metrics in tests/cmd/test_metrics.c; only with WITH_PROMTOOL=1, the
# test says it skipped the check otherwise.
ifeq ($(WITH_PROMTOOL),1)
TEST_DEPS_BIN += promtool:prometheus
endif
BENCH_BIN = wrk:wrk nginx:nginx-light curl:curl /usr/bin/time:time

.PHONY: all deps run-deps test-deps bench-deps js-deps bench-js-deps run test check check-layout bench clean \
        install uninstall dist version fuzz FORCE

# Keep intermediate objects (the tests' .o files), so a second `make test`
# rebuilds nothing.
.SECONDARY:

all: $(BUILD)/chronicle $(BUILD)/chronicled $(BUILD)/chronicle-dask

# Installs only what is missing: apt-get update once, then one install.
MISSING_RUN = for pair in $(DEPS_BIN); do command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair\#*:}"; done; \
	for pair in $(DEPS_PC); do pkg-config --exists $${pair%%:*} 2>/dev/null || missing="$$missing $${pair\#*:}"; done; \
	for pair in $(DEPS_FILE); do [ -f $${pair%%:*} ] || missing="$$missing $${pair\#*:}"; done; \
	[ -f $(WORDNET_DIR)/data.noun ] || missing="$$missing wordnet-base"; \
	[ -f $(ISO_CODES_DIR)/iso_3166-1.json ] || missing="$$missing iso-codes"
MISSING_TEST = for pair in $(TEST_DEPS_BIN); do command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair\#*:}"; done; \
	for pair in $(TEST_DEPS_PC); do pkg-config --exists $${pair%%:*} 2>/dev/null || missing="$$missing $${pair\#*:}"; done; \
	for pair in $(DEPS_PY); do /usr/bin/python3 -c "import $${pair%%:*}" >/dev/null 2>&1 || missing="$$missing $${pair\#*:}"; done

deps:
	@missing=""; $(MISSING_RUN); $(MISSING_TEST); \
	$(MAKE) --no-print-directory -s apt-install PKGS_MISSING="$$missing"

run-deps:
	@missing=""; $(MISSING_RUN); \
	$(MAKE) --no-print-directory -s apt-install PKGS_MISSING="$$missing"

test-deps:
	@missing=""; $(MISSING_TEST); \
	$(MAKE) --no-print-directory -s apt-install PKGS_MISSING="$$missing"

bench-deps:
	@missing=""; \
	for pair in $(BENCH_BIN); do command -v $${pair%%:*} >/dev/null 2>&1 || [ -x /usr/sbin/$${pair%%:*} ] || missing="$$missing $${pair#*:}"; done; \
	$(MAKE) --no-print-directory -s apt-install PKGS_MISSING="$$missing"

# npm_ci DIR WHAT USE [SKIP]: the npm packages DIR/package-lock.json pins
# (WHAT, for USE) into DIR/node_modules, again only when the lock file is
# newer than the last install.  Without node, USE is skipped with a
# message; node without npm is an error, or with SKIP a skip too; npm
# failing is an error.
define npm_ci
	@if ! command -v node >/dev/null 2>&1; then \
	  echo "node not found: $(3) will be skipped"; \
	elif [ $(1)/node_modules/.package-lock.json -nt $(1)/package-lock.json ]; then :; \
	elif ! command -v npm >/dev/null 2>&1; then \
	  $(if $(4),echo "npm not found: $(3) will be skipped";, \
	  echo "chronicle: node is installed but npm is not; it installs $(2) for $(3)" >&2; exit 1;) \
	else (cd $(1) && npm ci --no-audit --no-fund --ignore-scripts) || \
	  { echo "chronicle: npm could not install $(2) into $(1)/node_modules" >&2; exit 1; }; fi
endef

# Mozilla's ical.js, pinned by tests/js/package-lock.json, for
# tests/test_icaljs.c.
js-deps:
	$(call npm_ci,tests/js,ical.js,tests/test_icaljs.c (ical.js check))

# chrono-node, pinned by tests/bench/js/package-lock.json: the peer of
# `chronicle dates` in tests/bench/dates.sh.
bench-js-deps:
	$(call npm_ci,tests/bench/js,chrono-node,the chrono-node peer in tests/bench/dates.sh,skip)

apt-install:
	@if [ -z "$(strip $(PKGS_MISSING))" ]; then exit 0; fi; \
	cmd="apt-get update && apt-get install -y --no-install-recommends $(strip $(PKGS_MISSING))"; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; \
	else echo "chronicle: missing Debian packages: $(strip $(PKGS_MISSING))" >&2; \
	     echo "run as root:  $$cmd" >&2; exit 1; fi; \
	echo "installing:$(PKGS_MISSING)"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $(PKGS_MISSING)

# the converters that load their library name it
LAZY_USERS = core/read/format_mail core/read/format_pdf core/read/format_docx
$(LAZY_USERS:%=$(BUILD)/obj/%.o) $(LAZY_USERS:%=$(BUILD)/san/%.o): DEFS += $(LAZY_DEFS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC-SAN $<
	$(Q)$(CC) $(CFLAGS_ALL) $(SAN) -MMD -MP -c $< -o $@

# The page chronicled serves at / (cmd/chronicled/assets/), as C arrays.
$(BUILD)/gen/assets.c: cmd/chronicled/embed.sh $(wildcard cmd/chronicled/assets/*)
	@mkdir -p $(dir $@)
	$(say) GEN $@
	$(Q)sh cmd/chronicled/embed.sh $@ $(sort $(wildcard cmd/chronicled/assets/*))

$(BUILD)/gen/assets.o: $(BUILD)/gen/assets.c
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS_ALL) -Icmd/chronicled -MMD -MP -c $< -o $@

# The word table (README.md, "The lexicon"): mkwords reads WordNet here,
# at build time only, and writes integer arrays and a string pool.
WORDNET_FILES = $(addprefix $(WORDNET_DIR)/,data.noun data.verb data.adj \
                data.adv index.noun index.verb index.adj index.adv noun.exc \
                verb.exc adj.exc adv.exc cntlist.rev)

MKWORDS_SRC = $(sort $(wildcard core/lex/mkwords/*.c))

$(BUILD)/tools/mkwords: $(MKWORDS_SRC) $(wildcard core/lex/mkwords/*.h) core/lex/words_int.h \
                        include/chronicle/words.h
	@mkdir -p $(dir $@)
	$(say) CC-LD $@
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $(MKWORDS_SRC)

$(BUILD)/gen/words.c: $(BUILD)/tools/mkwords core/lex/meanings.tsv $(wildcard $(WORDNET_FILES))
	@mkdir -p $(dir $@)
	@[ -f $(WORDNET_DIR)/data.noun ] || { echo "chronicle: no WordNet in $(WORDNET_DIR): run make deps (Debian package wordnet-base) or set WORDNET_DIR" >&2; exit 1; }
	$(say) GEN $@
	$(Q)$(BUILD)/tools/mkwords $(WORDNET_DIR) core/lex/meanings.tsv > $@.tmp || { rm -f $@.tmp; exit 1; }
	@mv $@.tmp $@

# The countries (README.md, "Actors and titles"): mkplaces reads ISO 3166-1
# from iso-codes at build time.
$(BUILD)/tools/mkplaces: core/lex/mkplaces/main.c
	@mkdir -p $(dir $@)
	$(say) CC-LD $@
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $< $(PKG_LIBS)

$(BUILD)/gen/places.c: $(BUILD)/tools/mkplaces $(wildcard $(ISO_CODES_DIR)/iso_3166-1.json)
	@mkdir -p $(dir $@)
	@[ -f $(ISO_CODES_DIR)/iso_3166-1.json ] || { echo "chronicle: no ISO 3166-1 in $(ISO_CODES_DIR): run make deps (Debian package iso-codes) or set ISO_CODES_DIR" >&2; exit 1; }
	$(say) GEN $@
	$(Q)$(BUILD)/tools/mkplaces $(ISO_CODES_DIR)/iso_3166-1.json > $@.tmp || { rm -f $@.tmp; exit 1; }
	@mv $@.tmp $@

$(BUILD)/gen/places.o: $(BUILD)/gen/places.c core/lex/places_int.h
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

# The version (see VERSION above), rewritten only when it changes, so a
# build of the same version relinks nothing.
$(BUILD)/gen/version.c: FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' '/* Generated by the Makefile: the version of this build. */' \
	  '#include "chronicle/buildinfo.h"' '' \
	  'const char *chr_build_version(void)' '{' '    return "$(VERSION)";' '}' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; echo "  GEN    $@ ($(VERSION))"; fi

$(BUILD)/gen/version.o: $(BUILD)/gen/version.c
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/gen/words.o: $(BUILD)/gen/words.c
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/libchronicle.a: $(CORE_OBJ)
	@rm -f $@
	$(say) AR $@
	$(Q)ar rcs $@ $^

$(BUILD)/san/libchronicle.a: $(SCORE_OBJ)
	@rm -f $@
	$(say) AR $@
	$(Q)ar rcs $@ $^

# The CLI allocates on mimalloc (README, "Dependencies"): a timeline's
# reading threads allocate and free millions of small blocks.  The
# daemon and the sanitizer builds keep glibc's allocator.
CLI_MALLOC = -lmimalloc

$(BUILD)/chronicle: $(CLI_OBJ) $(BUILD)/libchronicle.a
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $^ $(PKG_LIBS) -lm $(CLI_MALLOC)

$(BUILD)/chronicled: $(D_OBJ) $(BUILD)/libchronicle.a
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/san/chronicle: $(SCLI_OBJ) $(BUILD)/san/libchronicle.a
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS_ALL) $(SAN) -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/san/chronicled: $(SD_OBJ) $(BUILD)/san/libchronicle.a
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS_ALL) $(SAN) -o $@ $^ $(PKG_LIBS) -lm

# Tests find testutil.h and daemonutil.h from their own folders.
$(BUILD)/san/tests/%.o: CFLAGS_ALL += -Itests

# tests/base/test_alloc.c fails the core's allocations one by one: the
# core's calls to the allocator go through its wrappers.
ALLOC_WRAP = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup
$(BUILD)/san/tests/base/test_alloc: LDWRAP = $(ALLOC_WRAP)

$(BUILD)/san/tests/%: $(BUILD)/san/tests/%.o $(BUILD)/san/libchronicle.a
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS_ALL) $(SAN) $(LDWRAP) -o $@ $^ $(TEST_LIBS) $(PKG_LIBS) -lm

# chronicle-dask is a Python script; the build writes in the version (see
# VERSION above), for --version when chronicle has none.
FORCE:

$(BUILD)/chronicle-dask: cmd/chronicle-dask/chronicle-dask $(BUILD)/gen/version.c
	$(say) GEN $@
	$(Q)sed "s|@VERSION@|$(VERSION)|" $< > $@.tmp && chmod 755 $@.tmp && mv $@.tmp $@

$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/libchronicle.a
	@mkdir -p $(dir $@)
	$(say) CC-LD $@
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $^ $(PKG_LIBS) -lm

run: run-deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/chronicled --listen $(LISTEN) --corpus $(CORPUS)

# Every test binary runs under ASan+UBSan; the end-to-end tests use the
# sanitized executables too.
test: deps
	@$(MAKE) --no-print-directory js-deps
	@$(MAKE) --no-print-directory check-layout
	@$(MAKE) --no-print-directory test-run

# Stages, include cycles and sizes (tests/check-layout.sh says which).
check-layout:
	@sh tests/check-layout.sh

check: test

# BUILD and VERSION are for tests/cmd/test_install.c, which runs `make
# install` and `make dist` itself.
test-run: $(TESTS) $(BUILD)/san/chronicle $(BUILD)/san/chronicled all $(BUILD)/tools/mkwords
	@fail=0; pass=0; \
	for t in $(TESTS); do \
	  echo "== $$t"; \
	  if CHRONICLE_BIN=$(BUILD)/san/chronicle CHRONICLED_BIN=$(BUILD)/san/chronicled \
	     CHRONICLE_DASK=$(BUILD)/chronicle-dask \
	     MKWORDS_BIN=$(BUILD)/tools/mkwords WORDNET_DIR=$(WORDNET_DIR) \
	     CHRONICLE_BUILD=$(BUILD) CHRONICLE_VERSION=$(VERSION) \
	     ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	     $$t --jobs 2; then pass=$$((pass+1)); else fail=$$((fail+1)); fi; \
	done; \
	echo "programs: $$pass passed, $$fail failed"; \
	[ $$fail -eq 0 ]

$(BUILD)/bench/mkcorpus: tests/bench/mkcorpus.c tests/bench/synth.h
	@mkdir -p $(dir $@)
	$(say) CC-LD $@
	$(Q)$(CC) $(WARN) $(DEFS) $(OPT) -o $@ $<

# Every bench runs even when one before it fails (a budget missed on a
# busy machine); make fails at the end, naming them.
bench: deps bench-deps $(BENCHES) $(BUILD)/bench/mkcorpus all
	@$(MAKE) --no-print-directory bench-js-deps
	@fail=""; \
	for b in $(BENCHES); do echo "== $$b"; $$b || fail="$$fail $$b"; done; \
	for s in tests/bench/*.sh; do [ -f "$$s" ] || continue; echo "== $$s"; \
	  BUILD=$(BUILD) sh $$s || fail="$$fail $$s"; done; \
	if [ -n "$$fail" ]; then echo "make bench: over budget or failed:$$fail" >&2; exit 1; fi

# libFuzzer targets: tests/fuzz/fuzz_NAME.c, seeds in tests/fuzz/NAME/.
# Each links the whole core (clang, -fsanitize=fuzzer); `make fuzz` runs
# every target for FUZZ_TIME seconds, `make fuzz FUZZ=NAME` one of them.
FUZZ_TARGETS = $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ ?= $(FUZZ_TARGETS)
FUZZ_TIME ?= 600
FUZZ_CFLAGS = $(WARN) $(DEFS) $(LAZY_DEFS) -O1 -g -Iinclude -Icore -Icmd/chronicled $(PKG_CFLAGS) \
              -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(CORE_SRC) $(BUILD)/gen/words.c $(BUILD)/gen/places.c \
                      $(BUILD)/gen/version.c
	@mkdir -p $(dir $@)
	$(say) FUZZ $@
	$(Q)clang $(FUZZ_CFLAGS) $< $(CORE_SRC) $(BUILD)/gen/words.c $(BUILD)/gen/places.c \
	  $(BUILD)/gen/version.c \
	  -o $@ $(PKG_LIBS) -lm

fuzz: deps
	@command -v clang >/dev/null 2>&1 || $(MAKE) --no-print-directory -s apt-install PKGS_MISSING=" clang libclang-rt-dev"
	@$(MAKE) --no-print-directory $(FUZZ:%=$(BUILD)/fuzz/fuzz_%)
	@for t in $(FUZZ); do \
	  echo "== fuzz_$$t ($(FUZZ_TIME) s)"; mkdir -p $(BUILD)/fuzz/corpus-$$t; \
	  $(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_TIME) -max_len=65536 -rss_limit_mb=2048 \
	    -print_final_stats=1 $(BUILD)/fuzz/corpus-$$t tests/fuzz/$$t || exit 1; \
	done

# The page's files are compiled into chronicled (cmd/chronicled/embed.sh):
# nothing else to install for them.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8 \
	  $(DESTDIR)$(UNITDIR)
	install -m 755 $(BUILD)/chronicle $(BUILD)/chronicled $(BUILD)/chronicle-dask $(DESTDIR)$(BINDIR)/
	install -m 644 cmd/chronicle/chronicle.1 cmd/chronicle-dask/chronicle-dask.1 \
	  $(DESTDIR)$(MANDIR)/man1/
	install -m 644 cmd/chronicled/chronicled.8 $(DESTDIR)$(MANDIR)/man8/
	sed 's|@BINDIR@|$(BINDIR)|g' cmd/chronicled/chronicled.service.in \
	  > $(DESTDIR)$(UNITDIR)/chronicled.service
	chmod 644 $(DESTDIR)$(UNITDIR)/chronicled.service

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/chronicle $(DESTDIR)$(BINDIR)/chronicled \
	  $(DESTDIR)$(BINDIR)/chronicle-dask \
	  $(DESTDIR)$(MANDIR)/man1/chronicle.1 $(DESTDIR)$(MANDIR)/man1/chronicle-dask.1 \
	  $(DESTDIR)$(MANDIR)/man8/chronicled.8 $(DESTDIR)$(UNITDIR)/chronicled.service

# The version this tree builds as (see VERSION above).
version:
	@echo '$(VERSION)'

# A release tarball, chronicle-VERSION.tar.gz: the files git tracks (every
# file but build/ and node_modules/ outside a git checkout) and a VERSION
# file, so it builds and tests with no git at hand.
DIST_NAME = chronicle-$(VERSION)
dist:
	@rm -rf $(BUILD)/dist && mkdir -p $(BUILD)/dist/$(DIST_NAME) $(DISTDIR)
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git ls-files -z; \
	else \
	  find . \( -path ./$(BUILD) -o -path ./.git -o -name node_modules \) -prune -o -type f -printf '%P\0'; \
	fi | tar --null --ignore-failed-read -T - -cf - | tar -xf - -C $(BUILD)/dist/$(DIST_NAME)
	@echo '$(VERSION)' > $(BUILD)/dist/$(DIST_NAME)/VERSION
	@tar --sort=name --owner=0 --group=0 --numeric-owner -C $(BUILD)/dist -czf \
	  $(DISTDIR)/$(DIST_NAME).tar.gz $(DIST_NAME)
	@rm -rf $(BUILD)/dist
	@echo "  DIST   $(DISTDIR)/$(DIST_NAME).tar.gz"

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
