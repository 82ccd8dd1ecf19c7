package io.jpasst.engine.tap.vhost;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The layouts of virtio and vhost-user fields: little-endian whatever the host, and
 * unaligned, as a guest or front-end may place anything anywhere.
 */
public final class LittleEndian {
    private LittleEndian() {}

    public static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
}
