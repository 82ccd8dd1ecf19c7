package io.jpasst.cli;

import io.jpasst.engine.control.conf.Mode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run behind the AOT cache that {@code bin/pasta} starts with (built by
 * {@code mvn package}, see modules/cli/pom.xml). Why a separate entry point and not a real
 * pasta run: the build must work unprivileged and without user or network namespaces, so
 * this does the part of start-up that needs neither — parsing the command lines podman and
 * libvirt really use, loading every class of our modules, and linking every downcall
 * handle (which pulls in the JDK's foreign-linker machinery) — and exits.
 *
 * <p>Arguments: the cache file being written, then optionally {@code --real-start}. Next to
 * the cache goes {@code <cache>.jdk}, the runtime version of the JDK that trained, so the
 * launcher can skip a cache some other JDK made without asking the JVM (which would print a
 * warning).
 *
 * <p>{@code --real-start} (given by aot-cache.sh when the build may create user and network
 * namespaces, and run in a new user namespace mapped to root) ends the training with what
 * {@code pasta --config-net true} really does: namespace, tap, rtnetlink, data path, the
 * command started and reaped, exit. Why: the cache then holds the JDK classes and lambda forms
 * of that path too (the synthetic steps above miss most of them), which cut the classes
 * generated per start from ~430 to ~160 and start-up CPU by a third (BENCHMARKS.md).
 */
public final class AotTraining {
    private AotTraining() {}

    /** podman's default pasta command line, and libvirt's passt one (see callers.md). */
    private static final List<String[]> COMMAND_LINES = List.of(
            new String[] {"--config-net", "--dns-forward", "169.254.1.1", "-t", "none", "-u", "none",
                "-T", "none", "-U", "none", "--no-map-gw", "--quiet", "--netns",
                "/run/user/1000/netns/netns-train", "--map-guest-addr", "169.254.1.2"},
            new String[] {"--config-net", "-t", "8080-8081:80-81", "-u", "5353", "true"},
            new String[] {"--version"},
            // Errors too: an exception class never linked in training is left out of the cache,
            // with every class whose verification needs it.
            new String[] {"--no-such-option"},
            new String[] {"-t"});

    /** What pasta-bench's start-up figure and a scripted {@code pasta --config-net CMD} run. */
    private static final String[] REAL_START = {"--config-net", "--", "true"};

    private static final List<String[]> PASST_COMMAND_LINES = List.<String[]>of(
            new String[] {"--one-off", "--socket", "/run/train.socket", "--pid", "/run/train.pid"});

    public static void main(String[] args) throws IOException {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        for (String[] line : COMMAND_LINES) {
            if (CommandLineParser.parse(Mode.PASTA, line, sink, sink) instanceof Outcome.Proceed p) {
                discoverHost(p.config());
            }
        }
        for (String[] line : PASST_COMMAND_LINES) {
            CommandLineParser.parse(Mode.PASST, line, sink, sink);
        }
        for (String module : List.of("io.jpasst.sys", "io.jpasst.engine", "io.jpasst.cli")) {
            // Initialising the typed syscall layer links its downcall handles; engine classes
            // are only loaded: their static state may assume a running tool.
            loadAll(module, module.equals("io.jpasst.sys"));
        }
        if (args.length > 0) {
            Files.writeString(Path.of(args[0] + ".jdk"), jdkIdentity() + "\n");
        }
        if (args.length > 1 && args[1].equals("--real-start")) {
            // Last: it confines this process as a real start does. A failure only means a
            // smaller cache, reported by aot-cache.sh through the exit status.
            System.exit(Main.execute(Mode.PASTA, REAL_START, sink, sink, Main::run));
        }
        // System.exit, not Main.exit: the JVM writes the cache on its way out, which
        // exit_group(2) would skip.
        System.exit(0);
    }

    /**
     * The first step of a real start that needs no privileges: reading the host's addresses
     * and routes over rtnetlink, and resolv.conf. Whatever the build machine's network looks
     * like, or if it has none, the classes and call sites on the way are trained.
     */
    private static void discoverHost(io.jpasst.engine.control.conf.Config config) {
        try {
            io.jpasst.engine.control.host.GuestNetwork.discover(config);
        } catch (Exception | Error e) {
            // no usable network here: what ran until then is trained all the same
        }
    }

    /** The {@code JAVA_RUNTIME_VERSION} line of the running JDK's release file, as the launcher reads it. */
    static String jdkIdentity() throws IOException {
        Path release = Path.of(System.getProperty("java.home"), "release");
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_RUNTIME_VERSION=")) {
                return line;
            }
        }
        return "JAVA_RUNTIME_VERSION=\"" + Runtime.version() + "\"";
    }

    private static void loadAll(String moduleName, boolean initialize) throws IOException {
        ResolvedModule module = ModuleLayer.boot().configuration().findModule(moduleName).orElseThrow();
        ClassLoader loader = ModuleLayer.boot().findLoader(moduleName);
        try (ModuleReader reader = module.reference().open()) {
            for (String entry : (Iterable<String>) reader.list()::iterator) {
                if (!entry.endsWith(".class") || entry.endsWith("module-info.class")) {
                    continue;
                }
                String name = entry.substring(0, entry.length() - 6).replace('/', '.');
                try {
                    Class.forName(name, initialize, loader);
                } catch (Throwable t) {
                    // A class that cannot initialise here (no namespace, no device) is simply not trained.
                }
            }
        }
    }
}
