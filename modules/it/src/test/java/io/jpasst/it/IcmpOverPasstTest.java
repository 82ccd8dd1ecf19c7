package io.jpasst.it;

/** {@link IcmpTest}'s tests marked {@link AlsoOverPasst}, against passt and a guest behind it. */
class IcmpOverPasstTest extends IcmpTest {
    @Override
    boolean overPasst() {
        return true;
    }
}
