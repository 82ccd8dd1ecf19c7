import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step (aot-cache.sh, JDK >= 25): rewrites the class files of a jar older than Java 8
 * as Java 8 class files, same bytecode plus the stack maps version 50+ requires, in place.
 *
 * <p>Why: picocli ships Java 5 class files, and the JDK's AOT cache does not hold classes
 * older than version 50 (they cannot be verified and linked ahead of time). So picocli's
 * ~140 classes were loaded, parsed and verified from the jar on every start. Prints how many
 * classes were rewritten; a jar with none to rewrite is left as it is.
 *
 * <p>Usage: {@code java UpgradeClassVersion.java JAR}
 */
public final class UpgradeClassVersion {
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        int upgraded = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             ZipFile in = new ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            // Stack maps need the type hierarchy, including the jar's own classes.
            ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver
                    .defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
            for (ZipEntry e : Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(e).readAllBytes();
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    ClassModel model = cf.parse(bytes);
                    if (model.majorVersion() < ClassFile.JAVA_8_VERSION) {
                        // Rebuilding every method body is what makes the stack maps generated.
                        bytes = cf.transformClass(model, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                .andThen((b, el) -> {
                                    if (el instanceof ClassFileVersion) {
                                        b.withVersion(ClassFile.JAVA_8_VERSION, 0);
                                    } else {
                                        b.with(el);
                                    }
                                }));
                        upgraded++;
                    }
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        if (upgraded > 0) {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(jar));
            Files.setLastModifiedTime(tmp, Files.getLastModifiedTime(jar));
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(tmp);
        }
        System.out.println(upgraded);
    }
}
