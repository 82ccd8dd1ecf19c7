package io.jpasst.it;

/** {@link TcpTransferTest}'s tests marked {@link AlsoOverPasst}, against passt and a guest behind it. */
class TcpTransferOverPasstTest extends TcpTransferTest {
    @Override
    boolean overPasst() {
        return true;
    }
}
