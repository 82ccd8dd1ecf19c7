#!/usr/bin/env python3
"""A qemu stand-in on passt's UNIX stream socket: 4-byte big-endian length, then the frame.

    passt-client.py SOCKET split    every frame boundary case: an ARP request written in two
                                    parts at each split point, then a DHCPDISCOVER one byte
                                    per write; prints "arp-split-replies N" and "dhcp-offer IP"
    passt-client.py SOCKET merge N  N ARP requests and a DHCPDISCOVER in one write;
                                    prints "arp-merged-replies N" and "dhcp-offer IP"
    passt-client.py SOCKET bad LEN  a frame length of LEN; prints "closed" if passt closes us
    passt-client.py SOCKET dhcp     one DHCPDISCOVER; prints "dhcp-offer IP", "dhcp-hostname H"
                                    (option 12) and "dhcp-mtu N" (option 26)
    passt-client.py BINARY fd       starts passt -f -F FD on one end of a socketpair: prints
                                    "dhcp-offer IP", then "exit N" once it was closed
    passt-client.py SOCKET queue    a second client connects while the first is served:
                                    prints "second-waits" and, once the first left, "second-offer IP"
    passt-client.py SOCKET stall S  a reader that stops: DHCPDISCOVERs for S seconds without
                                    reading the answers, then drains them and asks once more;
                                    prints "stall-sent N", "stall-drained N" and "dhcp-offer IP"
    passt-client.py SOCKET greeting N  connects N times in turn, sending nothing, and prints
                                    what passt asks each time: "arp-request-N TARGET FROM"
                                    (broadcast ARP) and "neighbour-solicitation-N TARGET DST"
"""
import socket
import struct
import sys
import time

from rawframes import checksum

GUEST_MAC = bytes.fromhex("525400123456")
BROADCAST = b"\xff" * 6
GATEWAY = socket.inet_aton("192.0.2.1")
TIMEOUT = 10


def arp_request():
    arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + GUEST_MAC + bytes(4) + bytes(6) + GATEWAY
    return BROADCAST + GUEST_MAC + b"\x08\x06" + arp


def dhcp_discover():
    bootp = struct.pack("!BBBBIHH", 1, 1, 6, 0, 0x6a706173, 0, 0x8000) + bytes(16) + GUEST_MAC + bytes(10)
    bootp += bytes(64 + 128) + b"\x63\x82\x53\x63" + bytes([53, 1, 1, 55, 5, 1, 3, 12, 26, 81, 255])
    udp = struct.pack("!HHHH", 68, 67, 8 + len(bootp), 0) + bootp
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, bytes(4), b"\xff" * 4)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return BROADCAST + GUEST_MAC + b"\x08\x00" + ip + udp


def wire(frame):
    return struct.pack("!I", len(frame)) + frame


class Reader:
    """Splits passt's byte stream back into frames."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def frame(self):
        while True:
            if len(self.buf) >= 4:
                n = struct.unpack("!I", self.buf[:4])[0]
                if len(self.buf) >= 4 + n:
                    f = self.buf[4:4 + n]
                    self.buf = self.buf[4 + n:]
                    return f
            data = self.sock.recv(65536)
            if not data:
                return None
            self.buf += data


def is_arp_reply(f):
    return len(f) >= 42 and f[12:14] == b"\x08\x06" and f[20:22] == b"\x00\x02" and f[28:32] == GATEWAY


def dhcp_offer_ip(f):
    if len(f) < 14 + 20 + 8 + 240 or f[12:14] != b"\x08\x00" or f[23] != 17:
        return None
    ihl = (f[14] & 0x0F) * 4
    bootp = f[14 + ihl + 8:]
    return socket.inet_ntoa(bootp[16:20]) if bootp[0] == 2 else None


def dhcp_option(f, code):
    """The raw value of DHCP option code in an offer, or None."""
    ihl = (f[14] & 0x0F) * 4
    opts = f[14 + ihl + 8 + 240:]
    i = 0
    while i + 1 < len(opts) and opts[i] != 255:
        if opts[i] == 0:
            i += 1
            continue
        n = opts[i + 1]
        if opts[i] == code:
            return opts[i + 2:i + 2 + n]
        i += 2 + n
    return None


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(TIMEOUT)
    s.connect(path)
    return s


def wait_for(reader, test, count):
    """Reads until count frames passed test; other frames (router advertisements...) are skipped."""
    got, last = 0, None
    while got < count:
        f = reader.frame()
        if f is None:
            break
        r = test(f)
        if r:
            got, last = got + 1, r
    return got, last


def over_fd(binary):
    """passt -F: the connected socket is inherited; it must serve it and exit 0 when it closes."""
    import subprocess
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    proc = subprocess.Popen([binary, "-f", "-F", str(theirs.fileno())], pass_fds=[theirs.fileno()],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    theirs.close()
    ours.settimeout(60)
    ours.sendall(wire(dhcp_discover()))
    print("dhcp-offer", wait_for(Reader(ours), dhcp_offer_ip, 1)[1], flush=True)
    ours.close()
    try:
        print("exit", proc.wait(timeout=20), flush=True)
    except subprocess.TimeoutExpired:
        proc.kill()
        print("exit still-running", flush=True)


def over_stdin(binary):
    """passt --fd 0, detaching (no -f): the connection is its standard input; the launcher exits
    0 once ready, and the passt left behind serves the connection."""
    import subprocess
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    launcher = subprocess.run([binary, "--fd", "0"] + sys.argv[3:], stdin=theirs,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    print("launcher-exit", launcher.returncode, launcher.stderr.decode().replace("\n", " | "), flush=True)
    theirs.close()
    ours.settimeout(30)
    ours.sendall(wire(dhcp_discover()))
    print("dhcp-offer", wait_for(Reader(ours), dhcp_offer_ip, 1)[1], flush=True)
    ours.close()


def greeting(path, times):
    """What passt sends unasked on a new connection: it wants to learn our MAC at once."""
    for n in range(1, times + 1):
        s = connect(path)
        s.settimeout(3)
        reader = Reader(s)
        seen = set()
        try:
            # until both asked (what the test checks) or 3 s of silence, then the next connection
            while len(seen) < 2:
                f = reader.frame()
                if f is None:
                    break
                if f[0:6] == BROADCAST and f[12:14] == b"\x08\x06" and f[20:22] == b"\x00\x01":
                    print("arp-request-%d" % n, socket.inet_ntoa(f[38:42]), socket.inet_ntoa(f[28:32]), flush=True)
                    seen.add("arp")
                elif f[12:14] == b"\x86\xdd" and f[20] == 58 and f[54] == 135:
                    print("neighbour-solicitation-%d" % n, socket.inet_ntop(socket.AF_INET6, f[62:78]),
                          socket.inet_ntop(socket.AF_INET6, f[38:54]), flush=True)
                    seen.add("ns")
        except socket.timeout:
            pass
        s.close()
        time.sleep(0.5)


def main():
    path, mode = sys.argv[1], sys.argv[2]
    if mode == "greeting":
        greeting(path, int(sys.argv[3]))
        return
    if mode == "fd":
        over_fd(path)
        return
    if mode == "fd0":
        over_stdin(path)
        return
    s = connect(path)
    reader = Reader(s)
    if mode == "split":
        w = wire(arp_request())
        replies = 0
        for k in range(1, len(w)):
            s.sendall(w[:k])
            time.sleep(0.005)
            s.sendall(w[k:])
            replies += wait_for(reader, is_arp_reply, 1)[0]
        print("arp-split-replies", replies, "of", len(w) - 1, flush=True)
        for b in wire(dhcp_discover()):
            s.sendall(bytes([b]))
            time.sleep(0.001)
        print("dhcp-offer", wait_for(reader, dhcp_offer_ip, 1)[1], flush=True)
    elif mode == "merge":
        n = int(sys.argv[3])
        s.sendall(wire(arp_request()) * n + wire(dhcp_discover()))
        arps, offer = 0, None
        while arps < n or offer is None:
            f = reader.frame()
            if f is None:
                break
            if is_arp_reply(f):
                arps += 1
            offer = offer or dhcp_offer_ip(f)
        print("arp-merged-replies", arps, flush=True)
        print("dhcp-offer", offer, flush=True)
    elif mode == "bad":
        s.sendall(struct.pack("!I", int(sys.argv[3])) + bytes(64))
        try:
            while reader.frame() is not None:
                pass
            print("closed", flush=True)
        except socket.timeout:
            print("still-open", flush=True)
    elif mode == "dhcp":
        s.sendall(wire(dhcp_discover()))
        offer = wait_for(reader, lambda f: f if dhcp_offer_ip(f) else None, 1)[1]
        print("dhcp-offer", offer and dhcp_offer_ip(offer), flush=True)
        if offer:
            hostname, mtu = dhcp_option(offer, 12), dhcp_option(offer, 26)
            print("dhcp-hostname", hostname and hostname.decode("ascii", "replace"), flush=True)
            print("dhcp-mtu", mtu and int.from_bytes(mtu, "big"), flush=True)
    elif mode == "queue":
        # a second client waits while the first is connected, and is served once it leaves
        s.sendall(wire(dhcp_discover()))
        print("first-offer", wait_for(reader, dhcp_offer_ip, 1)[1], flush=True)
        second = connect(path)
        second.sendall(wire(dhcp_discover()))
        second.settimeout(1.5)
        try:
            early = second.recv(65536)
            print("second-early", len(early), flush=True)
        except socket.timeout:
            print("second-waits", flush=True)
        s.close()
        second.settimeout(TIMEOUT)
        print("second-offer", wait_for(Reader(second), dhcp_offer_ip, 1)[1], flush=True)
        second.close()
    elif mode == "stall":
        stall(s, reader, float(sys.argv[3]))
    s.close()


def stall(s, reader, seconds):
    batch = wire(dhcp_discover()) * 100
    sent, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            s.sendall(batch)
            sent += 100
        except socket.timeout:
            break   # passt stopped reading us too: also fine, it must still recover
    print("stall-sent", sent, flush=True)
    s.settimeout(1)
    drained = 0
    try:
        while reader.frame() is not None:
            drained += 1
    except socket.timeout:
        pass
    print("stall-drained", drained, flush=True)
    s.settimeout(TIMEOUT)
    reader.buf = b""   # a timeout may have cut a frame: start clean on a frame boundary
    s.sendall(wire(dhcp_discover()))
    print("dhcp-offer", wait_for(reader, dhcp_offer_ip, 1)[1], flush=True)


if __name__ == "__main__":
    main()
