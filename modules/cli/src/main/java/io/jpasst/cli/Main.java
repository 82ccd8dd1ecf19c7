package io.jpasst.cli;

/** Entry point of both tools; placeholder until the CLI lands. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(0);
    }
}
