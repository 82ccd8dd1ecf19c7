#!/usr/bin/env python3
"""Relays frames between passt's UNIX stream socket and a tap device, so that the network
namespace the tap lives in is passt's guest, with its own kernel stack and real clients.

    passt-tap-bridge.py SOCKET TAPNAME

The stream carries each frame as a 4-byte big-endian length, then the frame (qemu's stream
netdev). Creates the tap (IFF_TAP, no packet information), connects, prints "ready", and
relays until either side closes. Frames for a tap that is not up yet are dropped.
"""
import fcntl
import os
import select
import socket
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000


def main():
    path, name = sys.argv[1], sys.argv[2]
    tap = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(tap, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    print("ready", flush=True)
    buf = b""
    while True:
        readable, _, _ = select.select([tap, sock], [], [])
        if tap in readable:
            frame = os.read(tap, 65536)
            sock.sendall(struct.pack("!I", len(frame)) + frame)
        if sock in readable:
            data = sock.recv(1 << 20)
            if not data:
                return
            buf += data
            while len(buf) >= 4:
                (length,) = struct.unpack("!I", buf[:4])
                if len(buf) < 4 + length:
                    break
                try:
                    os.write(tap, buf[4:4 + length])
                except OSError:
                    pass  # the tap is not up yet (EIO): dropped, as a link that is down would
                buf = buf[4 + length:]


if __name__ == "__main__":
    main()
