package io.jpasst.engine.control.conf;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Mutable per-family state while options are read; frozen into a {@link FamilyConfig}. */
final class FamilySettings<A extends InetAddress> {
    private final Class<A> type;
    private final Map<AddressRole, A> addresses = new EnumMap<>(AddressRole.class);
    Optional<String> outboundIf = Optional.empty();
    boolean noCopyAddrs;
    boolean noCopyRoutes;

    FamilySettings(Class<A> type) {
        this.type = type;
    }

    /** Stores {@code address} for {@code role} if it belongs to this family; tells whether it did. */
    boolean offer(AddressRole role, InetAddress address) {
        if (!type.isInstance(address)) {
            return false;
        }
        addresses.put(role, type.cast(address));
        return true;
    }

    void clear(AddressRole role) {
        addresses.remove(role);
    }

    FamilyConfig<A> build() {
        return new FamilyConfig<>(get(AddressRole.ADDRESS), get(AddressRole.GATEWAY), get(AddressRole.OUTBOUND),
                outboundIf, get(AddressRole.DNS_FORWARD), get(AddressRole.DNS_HOST),
                get(AddressRole.MAP_HOST_LOOPBACK), get(AddressRole.MAP_GUEST_ADDR), noCopyAddrs, noCopyRoutes);
    }

    private Optional<A> get(AddressRole role) {
        return Optional.ofNullable(addresses.get(role));
    }
}
