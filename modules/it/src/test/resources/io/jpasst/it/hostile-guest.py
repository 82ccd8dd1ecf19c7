#!/usr/bin/python3
"""A hostile guest inside pasta's namespace (run as root there, so raw frames are allowed).

    hostile-guest.py syn IF SRC GW DST COUNT RATE  COUNT TCP SYNs from SRC to DST, each from its
                                                   own port pair, written to IF as raw frames
                                                   addressed to the MAC of GW (pasta) at RATE/s,
                                                   to ports from 10000 up (servers sit below);
                                                   prints "syn SENT RATE"
    hostile-guest.py download HOST PORT BYTES      reads the server's stream to its end; prints
                                                   "download N" (N bytes, -1 if it failed)
    hostile-guest.py stall HOST PORT SECONDS       connects and reads nothing for SECONDS, then
                                                   resets; prints "stall"
    hostile-guest.py rss PID                       prints "rss KB" (VmRSS of PID)
"""
import socket
import struct
import sys
import time

from rawframes import checksum, gateway_mac


def syn_frame(src_mac, dst_mac, src, dst, sport, dport, seq):
    options = struct.pack("!BBH", 2, 4, 1460) + b"\x01\x03\x03\x07"   # MSS 1460, window scale 7
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, (5 + len(options) // 4) << 4, 0x02, 64240, 0, 0) + options
    tcp = tcp[:16] + struct.pack("!H", checksum(src + dst + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), seq & 0xFFFF, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return dst_mac + src_mac + b"\x08\x00" + ip + tcp


def syn(ifname, src, gateway, dst, count, rate):
    with open("/sys/class/net/%s/address" % ifname) as f:
        src_mac = bytes.fromhex(f.read().strip().replace(":", ""))
    dst_mac = gateway_mac(ifname, gateway)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    src, dst = socket.inet_aton(src), socket.inet_aton(dst)
    start = time.monotonic()
    sent = 0
    for i in range(count):
        # A new port pair every time: every SYN asks for a new flow.
        frame = syn_frame(src_mac, dst_mac, src, dst, 1024 + i % 64000, 10000 + (i * 7919) % 55536, i * 2654435761 & 0xFFFFFFFF)
        try:
            s.send(frame)
            sent += 1
        except OSError:
            pass
        if i % 100 == 99:
            ahead = start + (i + 1) / rate - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)
    print("syn", sent, int(sent / (time.monotonic() - start)), flush=True)


def download(host, port, size):
    got = -1
    try:
        with socket.create_connection((host, port), timeout=10) as c:
            got = 0
            while True:
                data = c.recv(1 << 16)
                if not data:
                    break
                got += len(data)
    except OSError as e:
        print("download-error", e, flush=True)
    print("download", got, flush=True)
    return got == size


def stall(host, port, seconds):
    c = socket.create_connection((host, port), timeout=10)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    time.sleep(seconds)
    # Unread data: close sends a reset.
    c.close()
    print("stall", flush=True)


def main():
    mode = sys.argv[1]
    args = sys.argv[2:]
    if mode == "syn":
        syn(args[0], args[1], args[2], args[3], int(args[4]), int(args[5]))
    elif mode == "download":
        sys.exit(0 if download(args[0], int(args[1]), int(args[2])) else 1)
    elif mode == "stall":
        stall(args[0], int(args[1]), float(args[2]))
    elif mode == "rss":
        with open("/proc/%s/status" % args[0]) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    print("rss", line.split()[1], flush=True)
    else:
        raise SystemExit("unknown mode " + mode)


main()
