#!/usr/bin/python3
"""Sends half of DATAFILE to REMOTE:PORT, then writes garbage TCP frames carrying that
connection's own addresses and ports into interface IF (bad checksums, bad data offsets,
truncated options, sequence numbers far outside the window), sends the rest, half-closes and
prints the server's reply. Then prints "garbage N", the number of frames written.

    live-garbage.py REMOTE PORT IF DATAFILE
"""
import random
import socket
import struct
import sys
import time

from rawframes import checksum, gateway_mac

remote, port, ifname, path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
data = open(path, "rb").read()
rnd = random.Random(0x6A70)
for _ in range(50):
    try:
        c = socket.create_connection((remote, port), timeout=30)
        break
    except ConnectionRefusedError:
        time.sleep(0.1)
laddr, lport = c.getsockname()[:2]
c.sendall(data[:len(data) // 2])


raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
raw.bind((ifname, 0))
src_mac, dst_mac = raw.getsockname()[4], gateway_mac(ifname)
src, dst = socket.inet_aton(laddr), socket.inet_aton(remote)


def frame(seq, flags, payload=b"", doff=5, options=b"", bad_checksum=False):
    tcp = struct.pack("!HHIIBBHHH", lport, port, seq, 0, doff << 4, flags, 512, 0, 0) + options + payload
    cs = checksum(struct.pack("!4s4sBBH", src, dst, 0, 6, len(tcp)) + tcp) ^ (0x40 if bad_checksum else 0)
    tcp = tcp[:16] + struct.pack("!H", cs) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return dst_mac + src_mac + b"\x08\x00" + ip + tcp


PSH, ACK = 0x08, 0x10
evil = b"evil" * 64
frames = []
for _ in range(20):
    seq = rnd.randrange(1 << 32)
    frames += [
        frame(seq, PSH | ACK, evil, bad_checksum=True),
        frame(seq, PSH | ACK, evil, doff=4),
        frame(seq, PSH | ACK, evil[:8], doff=15),
        # a timestamp option (length 10) cut short by the header length
        frame(seq, ACK, b"", doff=7, options=b"\x01\x01\x08\x0a\x00\x00\x00\x00"),
        # no ACK flag: a random acknowledgement number could discard unsent data
        frame(seq, PSH, evil),
    ]
for f in frames:
    raw.send(f)
c.sendall(data[len(data) // 2:])
c.shutdown(socket.SHUT_WR)
reply = b""
while True:
    d = c.recv(4096)
    if not d:
        break
    reply += d
print(reply.decode().strip())
print("garbage %d" % len(frames))
