# Building plugins (included at the end of the Makefile): every contrib/plugins/NAME.c becomes
# $(BUILD)/contrib/plugins/libNAME.so and every tests/plugins/NAME.c becomes
# $(BUILD)/tests/plugins/libNAME.so, compiled against include/qemu-plugin.h and qelt-plugin.h only (no GLib),
# as position-independent shared objects that resolve qemu_plugin_* from the executable.
PLUGIN_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
                 -fPIC -shared -fvisibility=hidden -Iinclude
CONTRIB_PLUGINS := $(patsubst contrib/plugins/%.c,$(BUILD)/contrib/plugins/lib%.so,\
                   $(wildcard contrib/plugins/*.c))
TEST_PLUGINS := $(patsubst tests/plugins/%.c,$(BUILD)/tests/plugins/lib%.so,\
                $(wildcard tests/plugins/*.c))

$(BUILD)/contrib/plugins/lib%.so: contrib/plugins/%.c include/qemu-plugin.h include/qelt-plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CFLAGS) -o $@ $< -lm

$(BUILD)/tests/plugins/lib%.so: tests/plugins/%.c include/qemu-plugin.h include/qelt-plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CFLAGS) -o $@ $< -lm

plugins: $(CONTRIB_PLUGINS) $(TEST_PLUGINS)
all: plugins
.PHONY: plugins
