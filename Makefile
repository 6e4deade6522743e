# dnslint - a pre-migration DNS change-safety linter.
#
#   make            build
#   make run        install missing build dependencies, build, lint the example
#   make test       install missing build dependencies, build, run every test
#   make test SANITIZE=1   the same under ASan + UBSan
#   make install    PREFIX=/usr/local DESTDIR=
#   make fixtures-update   regenerate expected fixture outputs (review the diff)

VERSION =	0.1.0
PREFIX ?=	/usr/local
BINDIR ?=	$(PREFIX)/bin
MANDIR ?=	$(PREFIX)/share/man
CC ?=		cc
PKG_CONFIG ?=	pkg-config
PKGS =		ldns yaml-0.1 libpsl

CFLAGS ?=	-O2 -g
WARNFLAGS =	-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
		-Wpointer-arith -Wformat=2
ifneq ($(CI),)
WARNFLAGS +=	-Werror
endif
ifneq ($(WERROR),)
WARNFLAGS +=	-Werror
endif

BUILD =		build
ifneq ($(SANITIZE),)
BUILD =		build-san
SANFLAGS =	-fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=all
endif

DEPS_CFLAGS =	$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEPS_LIBS =	$(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS =	$(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)
ALL_CFLAGS =	-std=c11 -D_GNU_SOURCE -DDL_VERSION='"$(VERSION)"' \
		-Ilib -Irules $(DEPS_CFLAGS) $(WARNFLAGS) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS =	$(SANFLAGS) $(LDFLAGS)

LIB_SRCS =	lib/error.c lib/dtime.c lib/yamltree.c lib/plan.c lib/dnsq.c \
		lib/config.c lib/zone.c lib/provider.c lib/model.c lib/live.c \
		lib/diff.c \
		lib/engine.c lib/report.c
RULE_SRCS =	rules/registry.c rules/blast_radius.c \
		rules/decommission_window.c rules/dnssec_provider_change.c \
		rules/live_matches_plan.c rules/ns_address_diversity.c \
		rules/ns_consistency.c rules/ns_multi_provider.c \
		rules/ns_serves_zone.c rules/ns_ttl.c rules/soa_serial.c \
		rules/stale_reference.c rules/ttl_lowered.c \
		rules/zone_integrity.c
CMD_SRCS =	cmd/dnslint.c cmd/wait.c
TESTS =		test_dtime test_plan test_config test_zone test_provider test_dnsq \
		test_model test_rules test_report

LIB_OBJS =	$(LIB_SRCS:%.c=$(BUILD)/%.o) $(RULE_SRCS:%.c=$(BUILD)/%.o)
LIBRARY =	$(BUILD)/libdnslint.a
PROG =		$(BUILD)/dnslint
TEST_PROGS =	$(TESTS:%=$(BUILD)/tests/%)

.PHONY: all deps run test bench fixtures-update \
	install uninstall clean lint-man

all: $(PROG)

# Build dependencies: installed with apt when pkg-config cannot find them.
deps:
	@sh tools/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIBRARY): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

CMD_OBJS =	$(CMD_SRCS:%.c=$(BUILD)/%.o)

$(PROG): $(CMD_OBJS) $(LIBRARY)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CMD_OBJS) $(LIBRARY) $(DEPS_LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIBRARY)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBRARY) $(DEPS_LIBS) $(CMOCKA_LIBS)

run: deps
	@$(MAKE) --no-print-directory all
	@sh tools/run-example.sh $(PROG)

test: deps
	@$(MAKE) --no-print-directory all $(TEST_PROGS)
	@sh tools/run-tests.sh $(BUILD)

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

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dnslint $(DESTDIR)$(MANDIR)/man1/dnslint.1

clean:
	rm -rf build build-san

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# The benchmark (not part of make test): see tools/bench.sh.
bench: all
	@sh tools/bench.sh $(PROG)
