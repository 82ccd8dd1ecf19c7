# echo-sources.py FILE: records the source address of every ICMP and ICMPv6 echo request this
# network namespace receives, one a line in FILE, until killed. Raw sockets see a copy of each
# request while the kernel answers it as usual. Needs root (run in the "internet" namespace).
import select, socket, sys

out = open(sys.argv[1], "a", buffering=1)
v4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
v6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
out.write("ready\n")
while True:
    for s in select.select([v4, v6], [], [])[0]:
        data, peer = s.recvfrom(65535)
        # IPv4 raw sockets include the IP header; IPv6 ones start at the ICMPv6 header.
        icmp = data[(data[0] & 0x0f) * 4:] if s is v4 else data
        if icmp and icmp[0] == (8 if s is v4 else 128):
            out.write(peer[0] + "\n")
