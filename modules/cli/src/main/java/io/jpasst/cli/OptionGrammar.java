package io.jpasst.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Tokenises a command line with picocli, the way getopt_long with a leading {@code +} does:
 * clustered short options, attached values ({@code -m1500}, {@code --mtu=1500}), option
 * arguments that begin with a dash, and no options after the first operand or {@code --}.
 *
 * <p>Built with picocli's programmatic API (no annotation scanning, to keep start-up cheap).
 * Options only record {@link OptionEvent}s in command-line order; meaning is given later, so
 * that "last one wins" and order-dependent options behave exactly as written. Every option of
 * both tools is known here; whether it fits the current mode is decided by the caller.
 */
final class OptionGrammar {
    private final List<OptionEvent> events = new ArrayList<>();
    private final PositionalParamSpec operands;
    private final CommandLine commandLine;

    OptionGrammar(String toolName) {
        CommandSpec spec = CommandSpec.create().name(toolName);
        for (CliOption option : CliOption.values()) {
            OptionSpec.Builder b = OptionSpec.builder(option.allNames())
                    .setter(new Recorder(option))
                    .hasInitialValue(false);
            if (option.takesArgument()) {
                b.type(String.class).arity("1").paramLabel(option.argLabel());
            } else {
                b.type(boolean.class).arity("0");
            }
            spec.addOption(b.build());
        }
        operands = PositionalParamSpec.builder().arity("0..*").type(List.class).auxiliaryTypes(String.class)
                .paramLabel("ARG").build();
        spec.addPositional(operands);
        commandLine = new CommandLine(spec)
                .setStopAtPositional(true)
                .setOverwrittenOptionsAllowed(true)
                .setAllowOptionsAsOptionParameters(true)
                .setUnmatchedOptionsAllowedAsOptionParameters(true)
                .setPosixClusteredShortOptionsAllowed(true)
                .setExpandAtFiles(false)
                .setTrimQuotes(false)
                .setToggleBooleanFlags(false);
    }

    /** Tokenises {@code args}; throws picocli's ParameterException on malformed input. */
    void parse(String... args) {
        events.clear();
        commandLine.parseArgs(args);
    }

    /** The options seen, in order. */
    List<OptionEvent> events() {
        return List.copyOf(events);
    }

    /** Arguments after the options (pasta's PID or command). */
    List<String> operands() {
        List<String> value = operands.getValue();
        return value == null ? List.of() : List.copyOf(value);
    }

    /** Receives each matched option value from picocli and appends it as an event. */
    private final class Recorder implements ISetter {
        private final CliOption option;

        Recorder(CliOption option) {
            this.option = option;
        }

        @Override
        public <T> T set(T value) {
            // picocli also passes initial values (null, false) when it resets; only real hits count
            if (value instanceof String s) {
                events.add(new OptionEvent(option, s));
            } else if (Boolean.TRUE.equals(value)) {
                events.add(new OptionEvent(option, null));
            }
            return null;
        }
    }
}
