package io.jpasst.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jpasst.engine.control.conf.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The man page of each tool documents every option the tool accepts. */
class ManPageTest {
    /** Tests run in modules/cli; the pages live in man/ at the top of the tree. */
    private static String page(Mode mode) throws IOException {
        return Files.readString(Path.of("../../man", mode.toolName() + ".1"));
    }

    private static String roff(String option) {
        return option.replace("-", "\\-");
    }

    /** An option heading: a bold line naming the option as a whole word. */
    private static boolean documented(String page, String option) {
        return Pattern.compile("(?m)^\\.B[RI]? (.*[ \"])?" + Pattern.quote(roff(option)) + "($|[ \"])").matcher(page).find();
    }

    @Test
    void everyOptionIsDocumented() throws IOException {
        for (Mode mode : Mode.values()) {
            String page = page(mode);
            for (CliOption o : CliOption.values()) {
                if (!o.availability().includes(mode)) {
                    continue;
                }
                for (String name : o.longNames()) {
                    assertTrue(documented(page, name), mode.toolName() + ".1 lacks " + name);
                }
                if (o.shortName() != null) {
                    assertTrue(page.contains(".BR " + roff(o.shortName()) + " \", \" " + roff(o.longName())),
                            mode.toolName() + ".1 lacks " + o.shortName());
                }
            }
            assertTrue(page.contains("seccomp"), "sandbox note");
        }
    }
}
