"""entangle_plugin(): a built-in plugin as its own shared object, libentangle_<name>.so."""

def entangle_plugin(name, srcs, deps = [], **kwargs):
    """Builds libentangle_<name>.so exporting only entangle_plugin_entry.

    Add ":libentangle_<name>.so" of your package to BUILTIN_PLUGINS in tools/BUILD so that a plain build
    of //tools:entangle places it where the CLI looks by default.
    """
    native.cc_binary(
        name = "libentangle_" + name + ".so",
        srcs = srcs,
        deps = deps + ["//plugins:sdk"],
        linkshared = True,
        linkopts = ["-Wl,--version-script=$(location //plugins:plugin.lds)", "-Wl,-z,defs"],
        additional_linker_inputs = ["//plugins:plugin.lds"],
        visibility = ["//visibility:public"],
        **kwargs
    )
