package io.jpasst.cli;

import io.jpasst.engine.control.conf.ConfigBuilder;
import io.jpasst.engine.control.conf.ConfigException;
import io.jpasst.engine.control.conf.Mode;
import java.io.PrintWriter;
import picocli.CommandLine.ParameterException;

/**
 * Turns the arguments of one run into an {@link Outcome}, printing only what a C tool would:
 * usage or version on stdout, or a single error line on stderr, each prefixed by the tool name.
 *
 * <p>Options take effect in the order given, so {@code --version} after a bad value reports
 * the bad value, and a bad value after {@code --help} is never looked at, as with getopt loops.
 */
final class CommandLineParser {
    /** Version printed by {@code --version}. */
    static final String VERSION = "0.1.0";

    private CommandLineParser() {}

    static Outcome parse(Mode mode, String[] args, PrintWriter out, PrintWriter err) {
        String tool = mode.toolName();
        OptionGrammar grammar = new OptionGrammar(tool);
        try {
            grammar.parse(LongOptionPrefixes.expand(args));
        } catch (LongOptionPrefixes.AmbiguousOptionException e) {
            err.println(tool + ": " + e.getMessage());
            err.flush();
            return new Outcome.Exit(1);
        } catch (ParameterException e) {
            return new Outcome.Exit(new GetoptErrorHandler(tool, err).handleParseException(e, args));
        }

        ConfigBuilder builder = new ConfigBuilder(mode);
        try {
            for (OptionEvent event : grammar.events()) {
                CliOption option = event.option();
                if (!option.availability().includes(mode)) {
                    throw new ConfigException(option.longName() + " is for "
                            + (mode == Mode.PASST ? "pasta" : "passt") + " mode only");
                }
                if (option == CliOption.HELP) {
                    Usage.print(mode, out);
                    return new Outcome.Exit(0);
                }
                if (option == CliOption.VERSION) {
                    out.println(tool + " (jpasst) " + VERSION);
                    out.flush();
                    return new Outcome.Exit(0);
                }
                if (option == CliOption.PRINT_CAPABILITIES) {
                    // the vhost-user back-end convention libvirt and KubeVirt probe
                    out.println("{");
                    out.println("  \"type\": \"net\"");
                    out.println("}");
                    out.flush();
                    return new Outcome.Exit(0);
                }
                OptionApplier.apply(builder, option, event.value());
            }
            builder.positional(grammar.operands());
            var config = builder.build();
            for (String warning : builder.warnings()) {
                err.println(tool + ": " + warning);
            }
            err.flush();
            return new Outcome.Proceed(config);
        } catch (ConfigException e) {
            err.println(tool + ": " + e.getMessage());
            err.flush();
            return new Outcome.Exit(1);
        }
    }
}
