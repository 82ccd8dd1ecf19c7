package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jpasst.sys.gen.io.io_h;
import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.UnionLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks every number baked into the committed bindings against the C compiler: for each
 * generated package it writes a probe that includes the package's shim header and prints the
 * sizeof and offsetof of every struct member and the value of every constant the Java side
 * declares (found reflectively), compiles it with gcc, and compares. Any difference fails.
 */
class GeneratedLayoutTest {
    private static final String GEN = "io.jpasst.sys.gen.";

    /** Java-side expectation for one probe line, keyed by the line's label. */
    private record Expect(String label, String cExpr, long value) {}

    @Test
    void everyStructAndConstantMatchesTheCompiler(@TempDir Path work) throws Exception {
        String headers = System.getProperty("jpasst.nativeHeaders");
        assertNotNull(headers, "surefire must pass -Djpasst.nativeHeaders");
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, List<Class<?>>> area : generatedClasses().entrySet()) {
            List<Expect> expects = new ArrayList<>();
            for (Class<?> c : area.getValue()) {
                if (c.getSimpleName().equals(area.getKey() + "_h")) {
                    constants(c, expects);
                } else {
                    struct(c, expects);
                }
            }
            Map<String, Long> actual = runProbe(work, Path.of(headers), area.getKey(), expects);
            for (Expect e : expects) {
                Long c = actual.get(e.label());
                if (c == null || c != e.value()) {
                    mismatches.add(area.getKey() + ": " + e.label() + " Java=" + e.value() + " C=" + c);
                }
            }
            checked += expects.size();
        }
        // the bindings hold only what the typed layer uses (BindingsUsedTest): ~1,300 values
        assertTrue(checked > 1000, "probe covered only " + checked + " values");
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " binding values differ from the C headers:\n  "
                    + String.join("\n  ", mismatches));
        }
    }

    /** Area name -> its generated classes (header class, struct classes and nested ones). */
    private static Map<String, List<Class<?>>> generatedClasses() throws Exception {
        Path root = Path.of(io_h.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path gen = root.resolve(GEN.replace('.', '/'));
        Map<String, List<Class<?>>> byArea = new TreeMap<>();
        try (Stream<Path> files = Files.walk(gen)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String rel = gen.relativize(p).toString();
                String area = rel.substring(0, rel.indexOf('/'));
                String name = GEN + rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
                Class<?> c = Class.forName(name);
                if (Modifier.isPublic(c.getModifiers())) {
                    byArea.computeIfAbsent(area, k -> new ArrayList<>()).add(c);
                }
            }
        }
        assertTrue(byArea.size() >= 8, "found generated areas " + byArea.keySet());
        return byArea;
    }

    /** Static no-argument int/long methods that are not functions (no {@code name$handle}). */
    private static void constants(Class<?> header, List<Expect> out) throws Exception {
        for (Method m : header.getDeclaredMethods()) {
            boolean intOrLong = m.getReturnType() == int.class || m.getReturnType() == long.class;
            if (!Modifier.isStatic(m.getModifiers()) || !Modifier.isPublic(m.getModifiers())
                    || m.getParameterCount() != 0 || !intOrLong || m.getName().contains("$")
                    || hasMethod(header, m.getName() + "$handle")) {
                continue;
            }
            long v = ((Number) m.invoke(null)).longValue();
            String n = m.getName();
            // an int constant must fit C's value in 32 bits; a long one must be an 8-byte C type
            out.add(new Expect("const " + n, "(long long)" + (m.getReturnType() == int.class ? "(int)" : "") + "(" + n + ")", v));
            out.add(new Expect("constsize " + n, "(long long)(sizeof(" + n + ") > 4)", m.getReturnType() == long.class ? 1 : 0));
        }
    }

    private static void struct(Class<?> c, List<Expect> out) throws Exception {
        if (!hasMethod(c, "layout")) {
            return; // a variadic invoker class nested in a header class
        }
        GroupLayout layout = (GroupLayout) c.getMethod("layout").invoke(null);
        String type = cType(c, layout);
        String id = c.getName().substring(c.getName().lastIndexOf('.') + 1);
        out.add(new Expect("sizeof " + id, "(long long)sizeof(" + type + ")", (long) c.getMethod("sizeof").invoke(null)));
        for (MemoryLayout m : layout.memberLayouts()) {
            if (m.name().isEmpty()) {
                continue; // padding
            }
            String f = m.name().get();
            String member = "(((" + type + " *)0)->" + f + ")";
            long declared = (long) c.getMethod(f + "$offset").invoke(null);
            long laidOut = layout.byteOffset(MemoryLayout.PathElement.groupElement(f));
            out.add(new Expect("offsetof " + id + "." + f, "(long long)offsetof(" + type + ", " + f + ")", declared));
            out.add(new Expect("layoutoffset " + id + "." + f, "(long long)offsetof(" + type + ", " + f + ")", laidOut));
            out.add(new Expect("sizeof " + id + "." + f, "(long long)sizeof" + member, m.byteSize()));
        }
    }

    /** The C spelling of a generated struct class's type. */
    private static String cType(Class<?> c, GroupLayout layout) throws Exception {
        Class<?> owner = c.getEnclosingClass();
        if (owner != null) { // anonymous member type, named after the member
            GroupLayout ol = (GroupLayout) owner.getMethod("layout").invoke(null);
            return "__typeof__(((" + cType(owner, ol) + " *)0)->" + c.getSimpleName() + ")";
        }
        String n = c.getSimpleName();
        if (n.endsWith("_t")) {
            return n;
        }
        return (layout instanceof UnionLayout ? "union " : "struct ") + n;
    }

    private static boolean hasMethod(Class<?> c, String name) {
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Long> runProbe(Path work, Path headers, String area, List<Expect> expects)
            throws IOException, InterruptedException {
        StringBuilder c = new StringBuilder();
        c.append("#include \"").append(area).append(".h\"\n#include <stdio.h>\n#include <stddef.h>\n");
        c.append("int main(void) {\n");
        for (Expect e : expects) {
            c.append("  printf(\"%lld\\t").append(e.label()).append("\\n\", ").append(e.cExpr()).append(");\n");
        }
        c.append("  return 0;\n}\n");
        Path src = work.resolve(area + "_probe.c");
        Path exe = work.resolve(area + "_probe");
        Files.writeString(src, c);
        String cc = run(List.of("gcc", "-std=gnu11", "-w", "-I", headers.toString(), src.toString(), "-o", exe.toString()));
        String out = run(List.of(exe.toString()));
        Map<String, Long> values = new TreeMap<>();
        for (String line : out.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                values.put(line.substring(tab + 1), Long.parseLong(line.substring(0, tab)));
            }
        }
        assertEquals(expects.size(), values.size(), "probe output for " + area + cc);
        return values;
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }
}
