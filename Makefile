# dnslint - a pre-migration DNS change-safety linter.
#
#   make            build (LINK=static: ldns, libyaml, libzscanner and
#                   libcrypto linked into the program; LINK=shared: not)
#   make run        install missing build dependencies, build, lint the example
#   make test       install missing build dependencies, build, run every test
#   make test SANITIZE=1   the same under ASan + UBSan
#   make install    PREFIX=/usr/local DESTDIR=: the program, the manual,
#                   bash and zsh completion, the git hook (DATADIR)
#   make deb        the Debian package, in a temporary copy of the tree:
#                   ../dnslint_VERSION_ARCH.deb (DEB_OUT=..)
#   make deb-test   build, lint, install, run and remove the package (CI)
#   make fixtures-update   regenerate expected fixture outputs (review the diff)
#   make fuzz       build the libFuzzer targets (clang) into build-fuzz/ and
#                   run each for FUZZ_SECONDS (60)
#   make valgrind   the unit tests and the fixture cases under valgrind
#   make tsan       the offline tests under ThreadSanitizer

VERSION =	0.1.0
PREFIX ?=	/usr/local
BINDIR ?=	$(PREFIX)/bin
MANDIR ?=	$(PREFIX)/share/man
# Shell completion and the git hook (the Debian package sets ZSHCOMPDIR to
# $(PREFIX)/share/zsh/vendor-completions).
BASHCOMPDIR ?=	$(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?=	$(PREFIX)/share/zsh/site-functions
DATADIR ?=	$(PREFIX)/share/dnslint
CC ?=		cc
PKG_CONFIG ?=	pkg-config
PKGS =		ldns yaml-0.1 libpsl libzscanner

CFLAGS ?=	-O2 -g
WARNFLAGS =	-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
		-Wpointer-arith -Wformat=2
ifneq ($(CI),)
WARNFLAGS +=	-Werror
endif
ifneq ($(WERROR),)
WARNFLAGS +=	-Werror
endif

# Compiler jobs of the targets that build before they run (make test,
# make run, make tsan, make valgrind, make fuzz): every processor.
JOBS ?=		$(shell nproc 2>/dev/null || echo 1)

BUILD =		build
ifeq ($(SANITIZE),thread)
BUILD =		build-tsan
SANFLAGS =	-fsanitize=thread -fno-omit-frame-pointer
else ifneq ($(SANITIZE),)
BUILD =		build-san
SANFLAGS =	-fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=all
endif

DEPS_CFLAGS =	$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) -pthread
CMOCKA_LIBS =	$(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)
# The fuzz harness signs zone transfers with its own HMAC code (OpenSSL).
CRYPTO_CFLAGS =	$(shell $(PKG_CONFIG) --cflags libcrypto 2>/dev/null)
CRYPTO_LIBS =	$(shell $(PKG_CONFIG) --libs libcrypto 2>/dev/null)

# LINK=static (the default): ldns, libyaml, libzscanner and the OpenSSL
# libcrypto ldns needs are linked into the program when their archives
# are installed (libldns-dev, libyaml-dev, libknot-dev, libssl-dev), the
# C library and libpsl (whose archive needs libunistring's, which Debian
# does not ship) as shared libraries, the program still position
# independent.  A run then starts in about half the time: loading the
# shared libcrypto alone takes about 3 ms on a paravirtualised machine,
# most of it page faults on the 400 KB its loader relocates, and every
# run of a pre-commit hook pays it.  LINK=shared links them all shared
# (the Debian package does, so that the distribution's security updates
# of them apply without a rebuild); so does a build where an archive is
# missing.
LINK ?=		static
STATIC_PKGS =	ldns yaml-0.1 libzscanner libcrypto
STATIC_LIBS =	$(shell $(PKG_CONFIG) --libs-only-l $(STATIC_PKGS) 2>/dev/null)
# (pkg-config names none when one is not installed: shared.)
ifeq ($(LINK),static)
LINKED =	$(shell [ -n "$(STATIC_LIBS)" ] || exit 0; \
		    for l in $(STATIC_LIBS:-l%=%); do \
		    f=$$($(CC) -print-file-name=lib$$l.a); \
		    [ "$$f" != lib$$l.a ] || exit 0; done; echo static)
endif
ifeq ($(LINKED),static)
DEPS_LIBS =	$(shell $(PKG_CONFIG) --libs-only-L $(STATIC_PKGS) 2>/dev/null) \
		-Wl,-Bstatic $(STATIC_LIBS) -Wl,-Bdynamic \
		$(shell $(PKG_CONFIG) --libs libpsl 2>/dev/null) -lm -ldl -pthread \
		-Wl,-z,pack-relative-relocs
# (libcrypto is linked in above: the fuzz harness's HMAC takes it there.)
CRYPTO_LIBS =
else
LINKED =	shared
DEPS_LIBS =	$(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -pthread
endif
# inet_pton(3) of IPv4 text is lib/inet4.c's, libzscanner's calls (one
# per A record) included when it is linked in.
DEPS_LIBS +=	-Wl,--wrap=inet_pton
ALL_CFLAGS =	-std=c11 -D_GNU_SOURCE -DDL_VERSION='"$(VERSION)"' \
		-Ilib -Irules $(DEPS_CFLAGS) $(WARNFLAGS) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS =	$(SANFLAGS) $(LDFLAGS)

# The commit dnslint is built from, when built from a git checkout (not
# from a release tarball): --version prints it.  cmd/dnslint.o is rebuilt
# when it changes.
GIT_COMMIT :=	$(shell test -e .git && git describe --always --dirty \
		    2>/dev/null)

LIB_SRCS =	lib/error.c lib/text.c lib/dtime.c lib/yamltree.c lib/plan.c lib/dnsq.c \
		lib/tsigkey.c lib/axfr.c lib/discover.c lib/needs.c \
		lib/config.c lib/zone.c lib/zoneread.c lib/zonesplit.c \
		lib/zonefacts.c lib/zonewin.c lib/provider.c lib/model.c lib/live.c \
		lib/diff.c lib/file.c lib/git.c lib/githist.c lib/octodns.c \
		lib/octoconf.c lib/json.c lib/terraform.c lib/evidence.c \
		lib/engine.c lib/report.c lib/watch.c lib/check.c lib/par.c \
		lib/bigmem.c lib/inet4.c
# Every rule's file: adding a rule is its file and its line in
# rules/registry.c.
RULE_SRCS =	$(sort $(wildcard rules/*.c))
CMD_SRCS =	cmd/dnslint.c cmd/wait.c
TESTS =		test_dtime test_plan test_config test_zone test_provider test_dnsq \
		test_model test_rules test_report test_diff test_bounds test_fuzz \
		test_octodns test_githist test_json test_terraform test_evidence \
		test_live test_needs test_watch test_check test_par test_text \
		test_bigmem test_zonewin test_inet4

LIB_OBJS =	$(LIB_SRCS:%.c=$(BUILD)/%.o) $(RULE_SRCS:%.c=$(BUILD)/%.o)
LIBRARY =	$(BUILD)/libdnslint.a
PROG =		$(BUILD)/dnslint
TEST_PROGS =	$(TESTS:%=$(BUILD)/tests/%)

.PHONY: all deps run test offline-build test-offline tsan deb deb-test bench fixtures-update FORCE \
	install uninstall clean lint-man fuzz fuzz-build fuzz-seeds valgrind proof

all: $(PROG)

# Build dependencies: installed with apt when pkg-config cannot find them.
deps:
	@sh tools/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIBRARY): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

CMD_OBJS =	$(CMD_SRCS:%.c=$(BUILD)/%.o)

ifneq ($(GIT_COMMIT),)
$(BUILD)/cmd/dnslint.o: ALL_CFLAGS += -DDL_COMMIT='"$(GIT_COMMIT)"'
endif
$(BUILD)/cmd/dnslint.o: $(BUILD)/commit
$(BUILD)/commit: FORCE
	@mkdir -p $(BUILD)
	@echo '$(GIT_COMMIT)' | cmp -s - $@ || echo '$(GIT_COMMIT)' >$@
FORCE:

# The link (LINK, and what it found): programs are linked again when it
# changes.
$(BUILD)/link: FORCE
	@mkdir -p $(BUILD)
	@echo '$(LINKED) $(DEPS_LIBS)' | cmp -s - $@ || \
	    echo '$(LINKED) $(DEPS_LIBS)' >$@

$(PROG): $(CMD_OBJS) $(LIBRARY) $(BUILD)/link
	$(CC) $(ALL_LDFLAGS) -o $@ $(CMD_OBJS) $(LIBRARY) $(DEPS_LIBS)

# The test programs' objects are kept (make would delete them as
# intermediate files, and make valgrind after make test built them again).
.SECONDARY:

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIBRARY) $(BUILD)/link
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBRARY) $(DEPS_LIBS) $(CMOCKA_LIBS)

# test_fuzz replays fuzz inputs through the fuzz targets' harness.
FUZZ_HARNESS =	$(BUILD)/tests/fuzz/harness.o
$(FUZZ_HARNESS): ALL_CFLAGS += $(CRYPTO_CFLAGS)
$(BUILD)/tests/test_fuzz: $(BUILD)/tests/test_fuzz.o $(FUZZ_HARNESS) $(LIBRARY) \
    $(BUILD)/link
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(FUZZ_HARNESS) $(LIBRARY) $(DEPS_LIBS) \
	    $(CRYPTO_LIBS) $(CMOCKA_LIBS)

run: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@sh tools/run-example.sh $(PROG)

test: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all $(TEST_PROGS)
	@LINK=$(LINK) sh tools/run-tests.sh $(BUILD)

# The tests that need neither servers, the network nor apt: the unit tests
# but the live ones (test_dnsq, test_live) and the offline fixture cases.
# The Debian package build runs these (debian/rules); make test runs
# everything.
OFFLINE_PROGS =	$(filter-out $(BUILD)/tests/test_dnsq $(BUILD)/tests/test_live,\
		$(TEST_PROGS))
offline-build: all $(OFFLINE_PROGS)
test-offline: offline-build
	@set -e; for t in $(OFFLINE_PROGS); do echo "== $$t"; $$t; done
	@sh tests/run-fixtures.sh $(PROG)

# The offline tests under ThreadSanitizer (CI): the jobs lib/par.c runs
# beside the caller, the zone read in two halves, the rules beside the
# model.  A race is a failure (TSan's exit status, and the fixture cases
# compare standard error).  Timing checks are left to make test, as under
# valgrind (DNSLINT_NO_TIMING): TSan makes a run 5 to 15 times slower,
# and on a machine where page faults are dear a bound of a few seconds
# fails for the same code that passes it elsewhere.
tsan: deps
	@$(MAKE) --no-print-directory -j$(JOBS) SANITIZE=thread offline-build
	@DNSLINT_NO_TIMING=1 $(MAKE) --no-print-directory test-offline \
	    SANITIZE=thread

# The Debian package, built in a temporary copy of the tree (tests/deb-test.sh
# also checks, lints, installs and removes it): DEB_OUT (..) gets the .deb.
DEB_OUT ?=	..
deb:
	@sh tools/deps.sh deb
	@sh tests/deb-test.sh --build-only $(DEB_OUT)

# Build, check, lint, install (as root or with sudo), run and remove the
# package (CI; not part of make test).
deb-test:
	@sh tools/deps.sh deb
	@sh tests/deb-test.sh

fixtures-update: all
	@sh tests/run-fixtures.sh $(PROG) update
	@sh tests/live/run.sh sh tests/run-fixtures.sh $(PROG) update \
	    tests/fixtures/live-cases

lint-man:
	mandoc -T lint -W warning dnslint.1

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(PROG) $(DESTDIR)$(BINDIR)/dnslint
	install -m 644 dnslint.1 $(DESTDIR)$(MANDIR)/man1/dnslint.1
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(DATADIR)
	install -m 644 contrib/completion/dnslint.bash \
	    $(DESTDIR)$(BASHCOMPDIR)/dnslint
	install -m 644 contrib/completion/_dnslint $(DESTDIR)$(ZSHCOMPDIR)/_dnslint
	install -m 755 contrib/pre-commit $(DESTDIR)$(DATADIR)/pre-commit

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dnslint $(DESTDIR)$(MANDIR)/man1/dnslint.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/dnslint $(DESTDIR)$(ZSHCOMPDIR)/_dnslint \
	    $(DESTDIR)$(DATADIR)/pre-commit
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null

clean:
	rm -rf build build-san build-fuzz

# Fuzzing: libFuzzer targets (tests/fuzz/), built with clang under ASan and
# UBSan into build-fuzz/, each run for FUZZ_SECONDS with seeds from the
# fixtures (tests/fuzz/run.sh says where inputs that fail are kept).
# -Werror as in CI: clang's warnings hold there as much as gcc's.
FUZZ_CC ?=	clang
FUZZ_SECONDS ?=	60
FUZZ_TARGETS =	plan config zone diff octodns reply axfr tsigkey terraform
FUZZ_SANFLAGS =	-fsanitize=fuzzer-no-link,address,undefined \
		-fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_PROGS =	$(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)

fuzz:
	@sh tools/deps.sh fuzz
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=build-fuzz CC=$(FUZZ_CC) CI= \
	    WERROR=1 CFLAGS='-O1 -g' SANFLAGS='$(FUZZ_SANFLAGS)' fuzz-build
	@sh tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-build: $(FUZZ_PROGS)

$(BUILD)/fuzz_%: tests/fuzz/fuzz.c $(FUZZ_HARNESS) $(LIBRARY)
	$(CC) $(ALL_CFLAGS) -DFUZZ_FN=t_fuzz_$* -fsanitize=fuzzer -o $@ $< \
	    $(FUZZ_HARNESS) $(LIBRARY) $(DEPS_LIBS) $(CRYPTO_LIBS)

# What the harness says of inputs: the line of a regression's .expect.
$(BUILD)/fuzz-replay: $(BUILD)/tests/fuzz/replay.o $(FUZZ_HARNESS) $(LIBRARY)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(FUZZ_HARNESS) $(LIBRARY) $(DEPS_LIBS) \
	    $(CRYPTO_LIBS)

# Regenerate tests/fuzz/seeds/reply/ and axfr/ (review the change; write
# the .expect of a new seed with fuzz-replay).
fuzz-seeds: $(FUZZ_HARNESS) $(LIBRARY)
	$(CC) $(ALL_CFLAGS) -o $(BUILD)/gen-reply-seeds \
	    tests/fuzz/gen-reply-seeds.c $(FUZZ_HARNESS) $(LIBRARY) \
	    $(DEPS_LIBS) $(CRYPTO_LIBS) $(ALL_LDFLAGS)
	rm -f tests/fuzz/seeds/reply/*.bin
	$(BUILD)/gen-reply-seeds tests/fuzz/seeds/reply
	$(CC) $(ALL_CFLAGS) -o $(BUILD)/gen-axfr-seeds \
	    tests/fuzz/gen-axfr-seeds.c $(FUZZ_HARNESS) $(LIBRARY) \
	    $(DEPS_LIBS) $(CRYPTO_LIBS) $(ALL_LDFLAGS)
	rm -f tests/fuzz/seeds/axfr/*.bin
	$(BUILD)/gen-axfr-seeds tests/fuzz/seeds/axfr

# The unit tests and the offline fixture cases under valgrind memcheck.
valgrind:
	@sh tools/deps.sh valgrind
	@$(MAKE) --no-print-directory -j$(JOBS) all $(TEST_PROGS)
	@sh .ci/valgrind $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# The benchmark (not part of make test): see tools/bench.sh.
bench: all
	@sh tools/bench.sh $(PROG)

# dnslint's times against real resolvers, in a private network namespace
# (root; about a minute): see tools/proof.sh.  Writes bench/proof.md.
proof: all
	@sh tools/deps.sh proof
	@sh tools/proof.sh $(PROG) bench/proof.md
