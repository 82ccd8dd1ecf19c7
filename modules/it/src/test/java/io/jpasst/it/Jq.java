package io.jpasst.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Queries the JSON that `ip -j` prints, with the real jq: no JSON library in the tests. */
final class Jq {
    private Jq() {
    }

    /** The raw ({@code jq -r}) output lines of filter applied to json. */
    static List<String> lines(String json, String filter) {
        Proc.Result r = Proc.run(Duration.ofSeconds(10), json, Path.of("/"), List.of("jq", "-r", filter))
                .assertSuccess();
        return r.stdout().lines().filter(l -> !l.isBlank()).toList();
    }
}
