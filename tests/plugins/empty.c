/*
 * A plugin that subscribes to nothing (or, with trans=on, looks at every block but subscribes
 * to nothing): qelt's generated code must be the same as without any plugin.
 */
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    if (argc > 0 && !strcmp(argv[0], "trans=on"))
        qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    return 0;
}
