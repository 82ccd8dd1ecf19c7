#!/usr/bin/env python3
"""Holds the tun device argv[1] open and answers the ICMP echo requests routed into it, as the
far end of a VPN would (TunDefaultRouteTest: a host whose default route is a tun device)."""
import fcntl
import os
import struct
import sys

from rawframes import checksum

TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000

fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", sys.argv[1].encode(), IFF_TUN | IFF_NO_PI))
while True:
    p = bytearray(os.read(fd, 65536))
    if len(p) < 28 or p[0] >> 4 != 4 or p[9] != 1:
        continue
    ihl = (p[0] & 0xF) * 4
    if p[ihl] != 8:  # echo request only
        continue
    p[12:16], p[16:20] = p[16:20], p[12:16]
    p[8] = 64
    p[10:12] = b"\0\0"
    p[10:12] = struct.pack("!H", checksum(bytes(p[:ihl])))
    p[ihl] = 0  # echo reply
    p[ihl + 2:ihl + 4] = b"\0\0"
    p[ihl + 2:ihl + 4] = struct.pack("!H", checksum(bytes(p[ihl:])))
    os.write(fd, bytes(p))
