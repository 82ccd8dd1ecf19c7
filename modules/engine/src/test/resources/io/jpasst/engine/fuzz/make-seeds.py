#!/usr/bin/env python3
"""Writes the seed corpus of GuestFrameFuzzTest.tapFrame: one raw Ethernet frame per file, as a
guest sends them (dhclient/udhcpc DHCP, DHCPv6 and NDP as a Linux guest emits them at boot,
ARP, echo requests, IP options and extension headers, plain UDP/TCP). Re-run after changing:
    python3 make-seeds.py GuestFrameFuzzTestInputs/tapFrame
Check any of them with: od -Ax -tx1 FILE, or text2pcap + tshark."""
import os, struct, sys

# The Internet checksum is the integration tests' (modules/it), shared with their frame scripts.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                *[".."] * 8, "it", "src", "test", "resources", "io", "jpasst", "it"))
from rawframes import checksum as csum  # noqa: E402

GUEST_MAC = bytes.fromhex("525400123456")
OUR_MAC = bytes.fromhex("9a559a559a55")
BCAST = b"\xff" * 6
G4, GW4, DNS4 = bytes([10, 0, 2, 15]), bytes([10, 0, 2, 2]), bytes([10, 0, 2, 3])
LL = bytes.fromhex("fe800000000000005054 00fffe123456".replace(" ", ""))
G6 = bytes.fromhex("20010db8000000000000000000000015")
ALL_ROUTERS = bytes.fromhex("ff020000000000000000000000000002")
DHCP6_GROUP = bytes.fromhex("ff020000000000000000000000010002")
REMOTE4 = bytes([203, 0, 113, 10])
REMOTE6 = bytes.fromhex("20010db8000200000000000000000010")


def eth(dst, ethertype, payload):
    return dst + GUEST_MAC + struct.pack("!H", ethertype) + payload


def ip4(src, dst, proto, l4, options=b"", ttl=64, frag=0x4000):
    ihl = 5 + len(options) // 4
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, ihl * 4 + len(l4), 0x1234, frag, ttl, proto, 0, src, dst) + options
    return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:] + l4


def l4sum4(src, dst, proto, l4, at):
    ph = src + dst + struct.pack("!BBH", 0, proto, len(l4))
    return l4[:at] + struct.pack("!H", csum(ph + l4)) + l4[at + 2:]


def ip6(src, dst, nh, l4, hop=64, ext=b""):
    return struct.pack("!IHBB", 0x60000000, len(ext) + len(l4), nh, hop) + src + dst + ext + l4


def l4sum6(src, dst, proto, l4, at):
    ph = src + dst + struct.pack("!IxxxB", len(l4), proto)
    return l4[:at] + struct.pack("!H", csum(ph + l4)) + l4[at + 2:]


def udp4(src, dst, sport, dport, data):
    u = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    return ip4(src, dst, 17, l4sum4(src, dst, 17, u, 6))


def udp6(src, dst, sport, dport, data, ext=b"", nh=17):
    u = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    return ip6(src, dst, nh, l4sum6(src, dst, 17, u, 6), ext=ext)


def icmp6(src, dst, body, hop=255, mcast_mac=None):
    m = l4sum6(src, dst, 58, body, 2)
    return ip6(src, dst, 58, m, hop=hop)


def dhcp(msgtype, options, ciaddr=b"\0" * 4, flags=0):
    bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128sI", 1, 1, 6, 0, 0x3903F326, 0, flags, ciaddr,
                        b"\0" * 4, b"\0" * 4, b"\0" * 4, GUEST_MAC + b"\0" * 10, b"", b"", 0x63825363)
    return bootp + bytes([53, 1, msgtype]) + options + b"\xff"


def mac6(addr):
    return b"\x33\x33" + addr[-4:]


seeds = {}
seeds["arp-request-gw"] = eth(BCAST, 0x0806, struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, GUEST_MAC, G4, b"\0" * 6, GW4))
seeds["arp-probe-dad"] = eth(BCAST, 0x0806, struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, GUEST_MAC, b"\0" * 4, b"\0" * 6, G4))
# dhclient's DISCOVER: parameter request list, hostname, max message size
prl = bytes([55, 13, 1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42])
seeds["dhcp-discover"] = eth(BCAST, 0x0800, udp4(b"\0" * 4, b"\xff" * 4, 68, 67,
                          dhcp(1, prl + bytes([57, 2, 0x05, 0xc0, 12, 5]) + b"guest")))
seeds["dhcp-request"] = eth(BCAST, 0x0800, udp4(b"\0" * 4, b"\xff" * 4, 68, 67,
                         dhcp(3, bytes([50, 4]) + G4 + bytes([54, 4]) + GW4 + prl + bytes([81, 11, 0, 0, 0]) + b"guest.ex")))
seeds["dhcp-inform-broadcast-flag"] = eth(BCAST, 0x0800, udp4(G4, b"\xff" * 4, 68, 67, dhcp(8, prl, ciaddr=G4, flags=0x8000)))
seeds["dhcp-overload-pad"] = eth(BCAST, 0x0800, udp4(b"\0" * 4, b"\xff" * 4, 68, 67, dhcp(1, bytes([52, 1, 3, 0, 0, 0]) + prl)))
# DHCPv6: Solicit with client id (DUID-LL), IA_NA, elapsed time, ORO (DNS, domain list, FQDN)
duid = struct.pack("!HH", 3, 1) + GUEST_MAC
opts6 = (struct.pack("!HH", 1, len(duid)) + duid + struct.pack("!HHIII", 3, 12, 0x123456, 0, 0)
         + struct.pack("!HHH", 8, 2, 0) + struct.pack("!HHHHH", 6, 6, 23, 24, 39))
seeds["dhcpv6-solicit"] = eth(mac6(DHCP6_GROUP), 0x86DD, udp6(LL, DHCP6_GROUP, 546, 547, bytes([1, 0x12, 0x34, 0x56]) + opts6))
seeds["dhcpv6-request"] = eth(mac6(DHCP6_GROUP), 0x86DD, udp6(LL, DHCP6_GROUP, 546, 547, bytes([3, 0x12, 0x34, 0x57]) + opts6
                           + struct.pack("!HH", 2, 14) + struct.pack("!HHI", 1, 1, 0) + OUR_MAC + b"\0\0"))
seeds["dhcpv6-info-request"] = eth(mac6(DHCP6_GROUP), 0x86DD, udp6(LL, DHCP6_GROUP, 546, 547, bytes([11, 0, 0, 1]) + opts6))
seeds["dhcpv6-confirm"] = eth(mac6(DHCP6_GROUP), 0x86DD, udp6(LL, DHCP6_GROUP, 546, 547, bytes([4, 0, 0, 2]) + opts6))
# NDP: router solicitation with source link-layer option; neighbour solicitation (and DAD)
seeds["ndp-rs"] = eth(mac6(ALL_ROUTERS), 0x86DD, icmp6(LL, ALL_ROUTERS, bytes([133, 0, 0, 0, 0, 0, 0, 0, 1, 1]) + GUEST_MAC))
gw_ll = bytes.fromhex("fe800000000000000000000000000001")
sn = bytes.fromhex("ff0200000000000000000001ff000001")
seeds["ndp-ns-gateway"] = eth(mac6(sn), 0x86DD, icmp6(LL, sn, bytes([135, 0, 0, 0, 0, 0, 0, 0]) + gw_ll + bytes([1, 1]) + GUEST_MAC))
sn_self = bytes.fromhex("ff0200000000000000000001ff123456")
seeds["ndp-ns-dad"] = eth(mac6(sn_self), 0x86DD, icmp6(b"\0" * 16, sn_self, bytes([135, 0, 0, 0, 0, 0, 0, 0]) + LL))
seeds["ndp-na-unsolicited"] = eth(mac6(ALL_ROUTERS), 0x86DD, icmp6(LL, bytes.fromhex("ff020000000000000000000000000001"),
                               bytes([136, 0, 0, 0, 0x20, 0, 0, 0]) + LL + bytes([2, 1]) + GUEST_MAC))
# MLDv2 report with a hop-by-hop router alert, as a guest sends when joining groups
hbh = bytes([58, 0, 5, 2, 0, 0, 1, 0])
mld = bytes([143, 0, 0, 0, 0, 0, 0, 1, 4, 0, 0, 0]) + sn_self
mld_dst = bytes.fromhex("ff020000000000000000000000000016")
seeds["mldv2-hop-by-hop"] = eth(mac6(mld_dst), 0x86DD, ip6(LL, mld_dst, 0, hbh + l4sum6(LL, mld_dst, 58, mld, 2), hop=1))
# Echo requests
echo = struct.pack("!BBHHH", 8, 0, 0, 0x1234, 1) + bytes(range(56))
seeds["icmp4-echo"] = eth(OUR_MAC, 0x0800, ip4(G4, REMOTE4, 1, l4sum4(b"", b"", 0, echo, 2)[:0] + echo[:2] + struct.pack("!H", csum(echo)) + echo[4:]))
seeds["icmp4-echo-ip-options"] = eth(OUR_MAC, 0x0800, ip4(G4, REMOTE4, 1, echo[:2] + struct.pack("!H", csum(echo)) + echo[4:],
                                  options=bytes([7, 7, 4, 0, 0, 0, 0, 0])))
echo6 = struct.pack("!BBHHH", 128, 0, 0, 0x1234, 1) + bytes(range(56))
seeds["icmp6-echo"] = eth(OUR_MAC, 0x86DD, icmp6(G6, REMOTE6, echo6, hop=64))
# IPv6 with routing + destination-options headers in front of UDP; a fragment
dstopt = bytes([17, 0, 1, 4, 0, 0, 0, 0])
seeds["udp6-dstopts"] = eth(OUR_MAC, 0x86DD, udp6(G6, REMOTE6, 40000, 53, b"\x12\x34\x01\x00\x00\x01" + b"\0" * 6, ext=dstopt, nh=60))
frag_hdr = bytes([17, 0, 0, 1, 0, 0, 0, 7])
seeds["udp6-fragment"] = eth(OUR_MAC, 0x86DD, udp6(G6, REMOTE6, 40000, 9, b"x" * 32, ext=frag_hdr, nh=44))
seeds["udp4-fragment"] = eth(OUR_MAC, 0x0800, ip4(G4, REMOTE4, 17, struct.pack("!HHHH", 40000, 9, 40, 0) + b"y" * 32, frag=0x2000))
dns_q = b"\xab\xcd\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07example\x03com\x00\x00\x01\x00\x01"
seeds["udp4-dns"] = eth(OUR_MAC, 0x0800, udp4(G4, DNS4, 40000, 53, dns_q))
syn = struct.pack("!HHIIBBHHH", 40000, 80, 1, 0, 0xa0, 0x02, 64240, 0, 0) + bytes([2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7])
seeds["tcp4-syn"] = eth(OUR_MAC, 0x0800, ip4(G4, REMOTE4, 6, l4sum4(G4, REMOTE4, 6, syn, 16)))
seeds["tcp6-syn"] = eth(OUR_MAC, 0x86DD, ip6(G6, REMOTE6, 6, l4sum6(G6, REMOTE6, 6, syn, 16)))
seeds["vlan-tagged"] = GUEST_MAC[:0] + OUR_MAC + GUEST_MAC + b"\x81\x00\x00\x05" + b"\x08\x00" + seeds["udp4-dns"][14:]

out = sys.argv[1] if len(sys.argv) > 1 else "GuestFrameFuzzTestInputs/tapFrame"
os.makedirs(out, exist_ok=True)
for name, frame in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(frame)
print(len(seeds), "seeds written to", out)
