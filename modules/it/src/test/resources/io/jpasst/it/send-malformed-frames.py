#!/usr/bin/python3
"""Writes COUNT random, truncated and lying Ethernet frames into interface IF (seeded, so
every run sends the same frames). Prints how many the kernel accepted.

    send-malformed-frames.py IF COUNT
"""
import random
import socket
import struct
import sys

ifname, count = sys.argv[1], int(sys.argv[2])
rnd = random.Random(0x6A7061737374)
BROADCAST = b"\xff" * 6


def ethernet(ethertype, payload):
    dst = rnd.choice([BROADCAST, rnd.randbytes(6)])
    return dst + rnd.randbytes(6) + struct.pack("!H", ethertype) + payload


def ipv4():
    # plausible header, random protocol and lengths that lie about the payload
    proto = rnd.choice([1, 6, 17, rnd.randrange(256)])
    header = struct.pack("!BBHHHBBH4s4s", rnd.choice([0x45, 0x4f, 0x40, rnd.randrange(256)]), 0,
                         rnd.randrange(65536), rnd.randrange(65536), rnd.randrange(65536), 64,
                         proto, rnd.randrange(65536), rnd.randbytes(4),
                         rnd.choice([b"\xc0\x00\x02\x01", b"\xff\xff\xff\xff", rnd.randbytes(4)]))
    return ethernet(0x0800, (header + rnd.randbytes(rnd.randrange(64)))[:rnd.randrange(1, 90)])


def ipv6():
    nxt = rnd.choice([6, 17, 58, 0, 44, rnd.randrange(256)])
    header = struct.pack("!IHBB16s16s", 0x60000000, rnd.randrange(65536), nxt, 255,
                         rnd.randbytes(16), rnd.choice([b"\xff\x02" + b"\0" * 13 + b"\x02", rnd.randbytes(16)]))
    return ethernet(0x86DD, (header + rnd.randbytes(rnd.randrange(80)))[:rnd.randrange(1, 130)])


def arp():
    return ethernet(0x0806, rnd.randbytes(rnd.randrange(0, 40)))


def noise():
    return rnd.randbytes(rnd.randrange(14, 1600))


makers = [ipv4, ipv6, arp, noise]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifname, 0))
sent = 0
for i in range(count):
    try:
        s.send(makers[i % len(makers)]())
        sent += 1
    except OSError:
        pass  # the kernel refused this one; the count says how many went through
print(sent)
