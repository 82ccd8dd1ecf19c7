#!/usr/bin/env python3
"""The guest end of passt's UNIX stream socket, in place of a VM: creates the tap device
argv[2] in the network namespace it runs in, connects to passt's socket argv[1], prints
"ready", then relays frames both ways (4-byte big-endian length, then the frame) until passt
closes the socket. Real clients in the namespace are then passt's guest (PasstGuestBridge)."""
import fcntl
import os
import select
import socket
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TAP, IFF_NO_PI = 0x0002, 0x1000
MAX_FRAME = 65536 + 14


def main():
    path, ifname = sys.argv[1], sys.argv[2]
    tap = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(tap, TUNSETIFF, struct.pack("16sH", ifname.encode(), IFF_TAP | IFF_NO_PI))
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    print("ready", flush=True)
    pending = bytearray()
    while True:
        ready, _, _ = select.select([tap, sock], [], [])
        if tap in ready:
            frame = os.read(tap, MAX_FRAME)
            sock.sendall(struct.pack("!I", len(frame)) + frame)
        if sock in ready:
            data = sock.recv(1 << 18)
            if not data:
                return
            pending += data
            start = 0
            while len(pending) - start >= 4:
                n = struct.unpack_from("!I", pending, start)[0]
                if len(pending) - start - 4 < n:
                    break
                try:
                    os.write(tap, pending[start + 4:start + 4 + n])
                except OSError:
                    pass  # the link is down: a NIC that is down drops frames as well
                start += 4 + n
            del pending[:start]


if __name__ == "__main__":
    main()
