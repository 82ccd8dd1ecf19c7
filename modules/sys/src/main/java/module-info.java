/**
 * The native layer: the only module that links to libc. Generated bindings
 * ({@code io.jpasst.sys.gen.*}) stay internal; {@code io.jpasst.sys} is the typed layer
 * that captures errno and returns {@code -errno} on the hot path.
 */
module io.jpasst.sys {
    exports io.jpasst.sys;
}
