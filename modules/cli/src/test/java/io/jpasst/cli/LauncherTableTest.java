package io.jpasst.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherTableTest {
    private static String array(String name) {
        List<String> lines = LauncherTable.render().lines().filter(l -> l.startsWith("declare -A " + name + "=(")).toList();
        assertEquals(1, lines.size(), "one line per array: " + name);
        return lines.get(0);
    }

    /** Every name the parser knows is in the launcher's table, value-taking ones marked as such. */
    @Test
    void everyOptionIsThereWithItsValueFlag() {
        String longs = array("jp_long");
        String shorts = array("jp_short");
        String values = array("jp_value");
        for (CliOption o : CliOption.values()) {
            String main = o.longName().substring(2);
            for (String n : o.longNames()) {
                assertTrue(longs.contains("[" + n.substring(2) + "]=" + main + " ")
                        || longs.contains("[" + n.substring(2) + "]=" + main + ")"), n);
            }
            if (o.shortName() != null) {
                assertTrue(shorts.contains("[" + o.shortName().charAt(1) + "]=" + main), o.shortName());
            }
            assertEquals(o.takesArgument(), values.contains("[" + main + "]=1"), main);
        }
        assertTrue(longs.contains("[socket-path]=socket"), "an alias leads to its option");
    }

    /** The roles are the launcher's set_opt cases. */
    @Test
    void rolesNameTheOptionsThatDecideNamespacesAndDetaching() {
        assertEquals("declare -A jp_role=([fd]=tap_fd [foreground]=foreground [help]=direct [netns]=netns"
                + " [netns-only]=netns_only [print-capabilities]=direct [runas]=runas [userns]=userns"
                + " [version]=direct)", array("jp_role"));
    }
}
