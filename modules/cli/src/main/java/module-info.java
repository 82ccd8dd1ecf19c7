/** Command line and entry points of passt and pasta. */
module io.jpasst.cli {
    requires io.jpasst.engine;
    requires info.picocli;
    requires jdk.unsupported;
}
