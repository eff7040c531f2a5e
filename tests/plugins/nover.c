/* Declares no qemu_plugin_version: loading it must fail with a clear message. */
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    return 0;
}
