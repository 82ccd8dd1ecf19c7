package io.jpasst.sys;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jpasst.sys.gen.io.io_h;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.UnionLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the generated bindings down to what the typed layer uses: the functions, structs and
 * constants in io.jpasst.sys.gen must be exactly those native-headers/&lt;area&gt;.includes (the
 * jextract argfile) names, and each must be referenced from a compiled class of this module
 * outside the generated packages (a struct also counts when a used struct lays it out).
 * Found by reading the constant pools of the compiled classes, so an unused import does not
 * count as a use.
 */
class BindingsUsedTest {
    private static final String GEN = "io/jpasst/sys/gen/";

    @Test
    void generatedBindingsAreExactlyTheIncludeListsAndAllUsed() throws Exception {
        String headers = System.getProperty("jpasst.nativeHeaders");
        assertNotNull(headers, "surefire must pass -Djpasst.nativeHeaders");
        Path classes = Path.of(io_h.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> uses = new TreeSet<>();
        Map<String, Set<String>> genRefs = new HashMap<>();
        int users = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(p).toString().replace('\\', '/');
                name = name.substring(0, name.length() - ".class".length());
                Set<String> refs = references(p);
                if (name.startsWith(GEN)) {
                    genRefs.put(name, refs);
                } else {
                    uses.addAll(refs);
                    users++;
                }
            }
        }
        assertTrue(users > 20 && uses.contains("io/jpasst/sys/gen/epoll/epoll_h.epoll_wait$address"),
                "the scan of " + classes + " found " + users + " classes and uses " + uses);

        List<String> problems = new ArrayList<>();
        int generatedCount = 0;
        for (String area : areas(genRefs.keySet())) {
            Set<String> listed = includes(Path.of(headers).resolve(area + ".includes"));
            Set<String> generated = generated(area, genRefs.keySet());
            generatedCount += generated.size();
            for (String g : generated) {
                if (!listed.contains(g)) {
                    problems.add(area + ": generated but not in " + area + ".includes: " + g);
                }
                if (!used(area, g, uses, genRefs)) {
                    problems.add(area + ": generated but nothing in modules/sys uses it: " + g);
                }
            }
            for (String l : listed) {
                if (!generated.contains(l)) {
                    problems.add(area + ": in " + area + ".includes but not generated: " + l);
                }
            }
        }
        assertTrue(generatedCount > 100, "found only " + generatedCount + " generated declarations");
        if (!problems.isEmpty()) {
            fail(problems.size() + " disagreements (prune with jextract-bindings/tools/uses.py, then"
                    + " jextract-bindings/regenerate.sh):\n  " + String.join("\n  ", problems));
        }
    }

    /** Whether a generated declaration ("--include-kind name") is referenced by the typed layer. */
    private static boolean used(String area, String decl, Set<String> uses, Map<String, Set<String>> genRefs) {
        String kind = decl.substring(0, decl.indexOf(' '));
        String name = decl.substring(decl.indexOf(' ') + 1);
        String header = GEN + area + "/" + area + "_h";
        return switch (kind) {
            case "--include-constant" -> uses.contains(header + "." + name);
            case "--include-function" -> uses.contains(header + "." + name) || uses.contains(header + "$" + name)
                    || uses.stream().anyMatch(u -> u.startsWith(header + "." + name + "$"));
            default -> structUsed(area, GEN + area + "/" + name, uses, genRefs, new TreeSet<>());
        };
    }

    /** Referenced directly, or laid out inside a struct that is used. */
    private static boolean structUsed(String area, String cls, Set<String> uses, Map<String, Set<String>> genRefs,
            Set<String> seen) {
        if (!seen.add(cls)) {
            return false;
        }
        if (uses.stream().anyMatch(u -> u.equals(cls) || u.startsWith(cls + ".") || u.startsWith(cls + "$"))) {
            return true;
        }
        String pkg = GEN + area + "/";
        for (Map.Entry<String, Set<String>> e : genRefs.entrySet()) {
            String owner = e.getKey();
            String simple = owner.substring(owner.lastIndexOf('/') + 1);
            boolean struct = owner.startsWith(pkg) && !simple.contains("$") && !simple.equals(area + "_h");
            if (struct && !owner.equals(cls) && e.getValue().contains(cls)
                    && structUsed(area, owner, uses, genRefs, seen)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> areas(Set<String> genClasses) {
        Set<String> areas = new TreeSet<>();
        for (String c : genClasses) {
            areas.add(c.substring(GEN.length(), c.indexOf('/', GEN.length())));
        }
        assertTrue(areas.size() >= 8, "generated areas " + areas);
        return areas;
    }

    /** The declarations the generated classes of one area hold, in include-list spelling. */
    private static Set<String> generated(String area, Set<String> genClasses) throws Exception {
        Set<String> out = new TreeSet<>();
        String pkg = GEN + area + "/";
        Class<?> header = Class.forName((pkg + area + "_h").replace('/', '.'));
        for (Method m : header.getDeclaredMethods()) {
            String n = m.getName();
            if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            if (n.endsWith("$descriptor")) {
                out.add("--include-function " + n.substring(0, n.length() - "$descriptor".length()));
            } else if (!n.contains("$") && m.getParameterCount() == 0 && !hasMethod(header, n + "$descriptor")
                    && (m.getReturnType() == int.class || m.getReturnType() == long.class)) {
                out.add("--include-constant " + n);
            }
        }
        for (Class<?> nested : header.getDeclaredClasses()) {
            if (Modifier.isPublic(nested.getModifiers()) && hasMethod(nested, "makeInvoker")) {
                out.add("--include-function " + nested.getSimpleName()); // variadic invoker class
            }
        }
        for (String c : genClasses) {
            String simple = c.substring(c.lastIndexOf('/') + 1);
            if (c.startsWith(pkg) && !simple.contains("$") && !simple.equals(area + "_h")) {
                GroupLayout layout = (GroupLayout) Class.forName(c.replace('/', '.')).getMethod("layout").invoke(null);
                String kind = layout instanceof UnionLayout ? "union" : simple.endsWith("_t") ? "typedef" : "struct";
                out.add("--include-" + kind + " " + simple);
            }
        }
        return out;
    }

    private static boolean hasMethod(Class<?> c, String name) {
        return Stream.of(c.getDeclaredMethods()).anyMatch(m -> m.getName().equals(name));
    }

    /** The include list of one area: "--include-kind name" pairs, '#' to end of line a comment. */
    private static Set<String> includes(Path file) throws IOException {
        List<String> words = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!text.isEmpty()) {
                words.addAll(List.of(text.split("\\s+")));
            }
        }
        assertTrue(words.size() % 2 == 0, file + ": option without a name");
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < words.size(); i += 2) {
            assertTrue(words.get(i).startsWith("--include-"), file + ": " + words.get(i));
            assertTrue(out.add(words.get(i) + " " + words.get(i + 1)), file + ": listed twice: " + words.get(i + 1));
        }
        return out;
    }

    /**
     * What one class file refers to, from its constant pool: each class as {@code a/b/C} and each
     * field or method as {@code a/b/C.name}.
     */
    private static Set<String> references(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream d = new DataInputStream(in)) {
            d.skipNBytes(8); // magic, minor, major
            int count = d.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNames = new int[count]; // Class entry -> its name's index
            int[][] members = new int[count][]; // field/method ref -> {class, name and type}
            int[] memberNames = new int[count]; // NameAndType -> its name's index
            for (int i = 1; i < count; i++) {
                int tag = d.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = d.readUTF();
                    case 7 -> classNames[i] = d.readUnsignedShort();
                    case 8, 16, 19, 20 -> d.skipNBytes(2);
                    case 15 -> d.skipNBytes(3);
                    case 3, 4 -> d.skipNBytes(4);
                    case 5, 6 -> { d.skipNBytes(8); i++; }
                    case 9, 10, 11 -> members[i] = new int[] {d.readUnsignedShort(), d.readUnsignedShort()};
                    case 12 -> { memberNames[i] = d.readUnsignedShort(); d.skipNBytes(2); }
                    case 17, 18 -> d.skipNBytes(4);
                    default -> throw new IOException(classFile + ": constant pool tag " + tag);
                }
            }
            Set<String> out = new TreeSet<>();
            for (int i = 1; i < count; i++) {
                if (classNames[i] != 0) {
                    out.add(utf8[classNames[i]]);
                }
            }
            for (int i = 1; i < count; i++) {
                if (members[i] != null) {
                    out.add(utf8[classNames[members[i][0]]] + "." + utf8[memberNames[members[i][1]]]);
                }
            }
            return out;
        }
    }
}
