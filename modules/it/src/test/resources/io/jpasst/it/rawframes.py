"""Helpers shared by the test scripts that build raw frames (Topology.script copies this module
next to any script that imports it)."""
import socket
import struct
import time


def checksum(data):
    """The Internet checksum (RFC 1071) of data, ready to store."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def default_gateway():
    """The IPv4 default route's gateway, dotted."""
    with open("/proc/net/route") as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            if fields[1] == "00000000":
                return socket.inet_ntoa(struct.pack("<I", int(fields[2], 16)))
    raise SystemExit("no IPv4 default route")


def gateway_mac(ifname, gateway=None):
    """The MAC of gateway (default: the default route's) on ifname, from the neighbour table;
    resolved first if needed, by a datagram to it (pasta answers the ARP request)."""
    gateway = gateway or default_gateway()
    for _ in range(50):
        with open("/proc/net/arp") as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                if fields[0] == gateway and fields[5] == ifname and fields[3] != "00:00:00:00:00:00":
                    return bytes.fromhex(fields[3].replace(":", ""))
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.sendto(b"x", (gateway, 9))
        u.close()
        time.sleep(0.1)
    raise SystemExit("no MAC for " + gateway)
