package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * bin/pasta keeps every class of this package that makes downcalls out of line of its callers
 * (CompileCommand dontinline), so that C2 always compiles a system call's wrapper with its
 * whole method-handle chain and removes the errno capture slice, however big the caller. The
 * launcher's list must name exactly those classes, and none of them may pass a handle to a
 * helper of its own: compiled on its own, the helper would see no constant handle.
 */
class DowncallsOutOfLineTest {
    private static final Pattern LIST = Pattern.compile("for c in ([A-Za-z$ ]+); do\\s+jit\\+=\\(-XX:CompileCommand=dontinline,io\\.jpasst\\.sys\\.\\$c::\\*\\)");

    @Test
    void launcherListsExactlyTheClassesMakingDowncalls() throws Exception {
        assertEquals(classesMakingDowncalls(), launcherList());
    }

    @Test
    void noListedClassTakesAHandleAsParameter() throws Exception {
        List<String> offenders = new ArrayList<>();
        for (String name : launcherList()) {
            for (Method m : Class.forName("io.jpasst.sys." + name).getDeclaredMethods()) {
                if (Arrays.asList(m.getParameterTypes()).contains(MethodHandle.class)) {
                    offenders.add(m.toString());
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    /**
     * passt and pesto run these flags too: they are links to bin/pasta, which takes its mode
     * from the name it is started as (a copy, as an earlier edit left them, drifts).
     */
    @Test
    void passtAndPestoAreLinksToThisLauncher() throws Exception {
        Path bin = binDir();
        for (String name : List.of("passt", "pesto")) {
            Path p = bin.resolve(name);
            assertTrue(Files.isSymbolicLink(p), p + " is not a link");
            assertEquals(Path.of("pasta"), Files.readSymbolicLink(p), p.toString());
        }
    }

    private static Path binDir() {
        String headers = System.getProperty("jpasst.nativeHeaders");
        assertNotNull(headers, "surefire must pass -Djpasst.nativeHeaders");
        return Path.of(headers).resolveSibling("bin");
    }

    private static Set<String> launcherList() throws Exception {
        String launcher = Files.readString(binDir().resolve("pasta"));
        Matcher m = LIST.matcher(launcher);
        assertTrue(m.find(), "no dontinline loop in bin/pasta");
        return new TreeSet<>(Arrays.asList(m.group(1).trim().split(" +")));
    }

    /** Simple names (nested: Outer$Inner) of the classes calling invokeExact or Invoke, but Invoke. */
    private static Set<String> classesMakingDowncalls() throws Exception {
        Path root = Path.of(Invoke.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/jpasst/sys");
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.list(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = p.getFileName().toString().replace(".class", "");
                // constant-pool names are plain ASCII here: a text search finds the references
                String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                if (!name.equals("Invoke") && (bytes.contains("invokeExact") || bytes.contains("io/jpasst/sys/Invoke"))) {
                    found.add(name);
                }
            }
        }
        assertTrue(found.contains("Fd") && found.contains("Sock"), "found " + found);
        return found;
    }
}
