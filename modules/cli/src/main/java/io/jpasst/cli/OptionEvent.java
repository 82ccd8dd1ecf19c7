package io.jpasst.cli;

/** One option as it appeared on the command line, in order; {@code value} is null for flags. */
record OptionEvent(CliOption option, String value) {
}
