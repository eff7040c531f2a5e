# qelt build. Sources are found by folder: add a .c file to a layer's folder and it is built.
# Targets: all (default), check (the test suite CI runs), check-system (boots Debian's kernel),
# check-real (Debian's programs and Python's test suite), check-asan, check-slow, bench, clean.
CC      ?= gcc
CFLAGS  ?= -O2 -g
WARN    := -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter
INC     := -Iinclude -iquote . -iquote guest/riscv -iquote ir -iquote host/x86_64 -iquote runtime -iquote user -iquote fpu
DEPFLAGS = -MMD -MP
BUILD   ?= build
HAVE_CAPSTONE := $(shell test -f /usr/include/capstone/capstone.h && echo 1)
ifeq ($(HAVE_CAPSTONE),1)
CAP_CFLAGS := -DHAVE_CAPSTONE
CAP_LIBS   := -lcapstone
endif

# Layers linked into the qelt-riscv64 executable.
LAYERS  := ir host/x86_64 runtime user fpu guest/riscv plugins
SRCS    := $(foreach d,$(LAYERS),$(wildcard $(d)/*.c))
OBJS    := $(patsubst %.c,$(BUILD)/%.o,$(SRCS))
LIBOBJS := $(filter-out $(BUILD)/user/main.o,$(OBJS))

QELT    := $(BUILD)/qelt-riscv64
EXPORTS := plugins/exports.lds

# The full-system machine, qelt-system-riscv64: the shared layers (everything but user/) plus
# system/ (board, boot, soft-MMU, hart loop) and hw/ (devices). Built once system/main.c exists.
SHARED_LAYERS := ir host/x86_64 runtime fpu guest/riscv plugins
SYS_SRCS := $(foreach d,$(SHARED_LAYERS) system hw,$(wildcard $(d)/*.c))
SYS_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(SYS_SRCS))
QELT_SYS := $(BUILD)/qelt-system-riscv64
# libslirp's pkg-config file names glib-2.0 although its header does not use it: fall back to the
# plain flags when glib's development files are absent.
SLIRP_CFLAGS := $(shell pkg-config --cflags slirp 2>/dev/null || echo -I/usr/include/slirp)
SLIRP_LIBS := $(shell pkg-config --libs slirp 2>/dev/null || echo -lslirp)
SYS_LIBS := -lfdt $(SLIRP_LIBS)
# The machine's own folders never see user/'s headers.
SYS_INC := -Iinclude -iquote . -iquote guest/riscv -iquote ir -iquote host/x86_64 -iquote runtime -iquote fpu
$(BUILD)/system/%.o $(BUILD)/hw/%.o: INC := $(SYS_INC)
$(BUILD)/hw/user-net.o: INC := $(SYS_INC) $(SLIRP_CFLAGS)
SYS_LIBOBJS := $(filter-out $(BUILD)/system/main.o,$(SYS_OBJS))

all: $(QELT) $(if $(wildcard system/main.c),$(QELT_SYS))

$(QELT_SYS): $(SYS_OBJS) $(wildcard $(EXPORTS))
	$(CC) $(CFLAGS) -o $@ $(SYS_OBJS) $(if $(wildcard $(EXPORTS)),-Wl$(comma)--dynamic-list=$(EXPORTS)) $(SYS_LIBS) $(CAP_LIBS) -lm -ldl -lpthread

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CAP_CFLAGS) $(INC) $(DEPFLAGS) -fvisibility=hidden -c $< -o $@

$(QELT): $(OBJS) $(wildcard $(EXPORTS))
	$(CC) $(CFLAGS) -o $@ $(OBJS) $(if $(wildcard $(EXPORTS)),-Wl$(comma)--dynamic-list=$(EXPORTS)) $(CAP_LIBS) -lm -ldl -lpthread

# The same for the machine (unit tests of the privileged architecture and soft-MMU link it).
$(BUILD)/libqelt-sys.a: $(SYS_LIBOBJS)
	@rm -f $@
	ar rcs $@ $^

# Library of everything but main, for unit tests.
$(BUILD)/libqelt.a: $(LIBOBJS)
	@rm -f $@
	ar rcs $@ $^

comma := ,

# Unit tests: every tests/unit/test-*.c is a standalone program linked with libqelt.a.
UNIT_SRCS := $(filter-out tests/unit/test-sys-%.c tests/unit/test-hw-%.c,$(wildcard tests/unit/test-*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRCS))
$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libqelt.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CAP_CFLAGS) $(INC) $(DEPFLAGS) -o $@ $< $(BUILD)/libqelt.a $(CAP_LIBS) -lm -ldl -lpthread

# Unit tests of the machine: CPU side tests/unit/test-sys-*.c, device side tests/unit/test-hw-*.c
# (these bring their own hart_set_mip), linked with libqelt-sys.a.
SYS_UNIT_SRCS := $(wildcard tests/unit/test-sys-*.c tests/unit/test-hw-*.c)
SYS_UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(SYS_UNIT_SRCS))
$(SYS_UNIT_BINS): $(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libqelt-sys.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CAP_CFLAGS) $(SYS_INC) $(DEPFLAGS) -o $@ $< $(BUILD)/libqelt-sys.a $(SYS_LIBS) $(CAP_LIBS) -lm -ldl -lpthread

unit: $(UNIT_BINS) $(SYS_UNIT_BINS)

# make check: every suite under tests/*/run.sh, then one summary line.
check: all unit
	@QELT=$(abspath $(QELT)) BUILD=$(abspath $(BUILD)) tests/run-all.sh

# make check-system: the boot suite (tests/boot: Debian's kernel + busybox initramfs under
# qemu-system-riscv64 and qelt-system-riscv64; downloads into QELT_CACHE) and the bare-metal suite
# (tests/system, also part of make check), and the network suite (tests/net: virtio-net, -netdev
# user with a host HTTP server and hostfwd) and the Debian userland suite (tests/debian-vm: the
# scripts/make-rootfs.sh image as root, python3/sqlite3/lua/perl/gcc inside). Fails on any FAIL.
check-system: all
	@QELT_CHECK_SYSTEM=1 QELT_SYS=$(abspath $(QELT_SYS)) BUILD=$(abspath $(BUILD)) \
		bash -c 'log=$$(mktemp); for s in tests/system/run.sh tests/boot/run.sh tests/net/run.sh tests/debian-vm/run.sh; do bash $$s | tee -a $$log; done; \
		echo "$$(grep -c ^PASS $$log) passed, $$(grep -c ^FAIL $$log) failed, $$(grep -c ^SKIP $$log) skipped"; \
		! grep -q ^FAIL $$log; rc=$$?; rm -f $$log; exit $$rc'

check-slow: all unit
	@QELT=$(abspath $(QELT)) BUILD=$(abspath $(BUILD)) QELT_SLOW=1 tests/run-all.sh

# make check-real: Debian's python3.13 test suite and real command lines (tests/real/run.sh; slow).
check-real: all
	@QELT=$(abspath $(QELT)) BUILD=$(abspath $(BUILD)) QELT_REAL=1 tests/real/run.sh $(REAL_ARGS)

check-asan:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" check

# make bench: the int/zb sets (bench/run.sh), then the vector column (bench/vec/run.sh: the
# kernels built by gcc-14 for rv64gcv and rv64gc, qelt vs qemu-riscv64); both always run.
bench: all
	@st=0; bench/run.sh || st=1; bench/vec/run.sh || st=1; exit $$st

# Quick start: a bundled guest program under instrumentation (installs Debian deps as root).
demo:
	bash scripts/demo.sh

clean:
	rm -rf build build-asan

.PHONY: all unit check check-system check-slow check-real check-asan bench demo clean
-include $(OBJS:.o=.d) $(SYS_OBJS:.o=.d) $(UNIT_BINS:=.d) $(SYS_UNIT_BINS:=.d)
-include plugins/plugins.mk
