package io.jpasst.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A pasta test that also runs against passt: in the class's {@code ...OverPasstTest}
 * subclass, {@link PastaTestBase#inPasta} starts passt instead and runs the script in a
 * {@link PasstGuestBridge} guest; the assertions stay the same. Tests without it are
 * skipped there (they need pasta's own features: its namespace, port forwarding, splice).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface AlsoOverPasst {
}
