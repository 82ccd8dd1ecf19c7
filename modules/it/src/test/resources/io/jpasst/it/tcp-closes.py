#!/usr/bin/env python3
"""Real TCP peers for the close-order, churn and many-connections tests.

  server ADDR PORT                one connection at a time, the close order named by the client
  client ADDR PORT ORDER...       one connection per order; prints "ORDER ok" or "ORDER bad ..."
  churn-server ADDR PORT MODE     MODE server-first: send and close; client-first: send, wait for EOF
  churn-client ADDR PORT MODE N WORKERS   N short connections; prints "churn N ok K errors E first ..."
  echo-server ADDR PORT           echoes every connection (one thread each)
  many-client ADDR PORT N SIZE    N connections open at once, SIZE bytes echoed on each (in waves), compared

Every order moves data both ways (seeded random bytes, compared by both peers):
  client-first       both sides exchange, the client closes, then the server
  server-first       both sides exchange, the server closes, then the client
  simultaneous       both shut down for writing at once, then read the other's FIN
  half-close-client  the client sends and shuts down; the server answers after the client's FIN
  half-close-server  the server sends and shuts down; the client answers after the server's FIN
  fin-with-data      the client's last bytes and its FIN in one segment (TCP_CORK)
  rst-client         the client resets mid-stream: the server sees a reset after the bytes before it
  rst-server         the server resets mid-stream: the client sees a reset after the bytes before it
  fin-repeat         half-close-client, and the client's FIN arrives twice (replayed from the
                     namespace's interface, as if our acknowledgement of it had been lost)
  fin-lost-ack       the server closes while the namespace drops everything the client sends
                     (its acknowledgement of the FIN too) for two seconds: the FIN must come again
The last two need the client in pasta's namespace (root there: a packet socket, tc).
"""
import ast
import hashlib
import os
import random
import shutil
import socket
import subprocess
import struct
import sys
import threading
import time

SIZE = 300 * 1024
HEADER = 24


def data(order, who):
    return random.Random(order + who).randbytes(SIZE)


def family(addr):
    return socket.AF_INET6 if ':' in addr else socket.AF_INET


def listen(addr, port, backlog=128):
    s = socket.socket(family(addr))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(backlog)
    return s


def connect(addr, port, timeout=20):
    for _ in range(100):
        try:
            return socket.create_connection((addr, port), timeout=timeout)
        except ConnectionRefusedError:
            time.sleep(0.1)
    raise SystemExit("never connected")


def read_exact(c, n):
    got = bytearray()
    while len(got) < n:
        d = c.recv(min(65536, n - len(got)))
        if not d:
            break
        got += d
    return bytes(got)


def read_to_eof(c):
    got = bytearray()
    while True:
        d = c.recv(65536)
        if not d:
            return bytes(got)
        got += d


def abort(c):
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
    c.close()


def check(label, got, want):
    if got == want:
        return "ok"
    return "bad %s: %d bytes, want %d (%s)" % (label, len(got), len(want),
                                               hashlib.sha256(got).hexdigest()[:12])


def reset_after(c, want):
    """Reads until the peer's reset; the bytes before it must be a prefix of want."""
    got = bytearray()
    try:
        while True:
            d = c.recv(65536)
            if not d:
                return "bad: EOF instead of a reset after %d bytes" % len(got)
            got += d
    except ConnectionResetError:
        return "ok" if want.startswith(bytes(got)) else "bad: %d bytes before the reset differ" % len(got)


def serve_one(c):
    order = c.recv(HEADER, socket.MSG_WAITALL).decode().strip()
    mine, theirs = data(order, "server"), data(order, "client")
    if order in ("client-first", "server-first", "simultaneous"):
        res = check("from client", read_exact(c, SIZE), theirs)
        c.sendall(mine)
        if order == "server-first":
            c.close()
            return order, res
        if order == "simultaneous":
            c.recv(1, socket.MSG_PEEK)  # the client's "go" byte: both shut down now
            c.recv(1)
            c.shutdown(socket.SHUT_WR)
        tail = read_to_eof(c)
        c.close()
        return order, res if not tail else "bad: %d bytes after the data" % len(tail)
    if order in ("half-close-client", "fin-with-data"):
        res = check("from client", read_to_eof(c), theirs)
        c.sendall(mine)
        c.close()
        return order, res
    if order == "half-close-server":
        c.sendall(mine)
        c.shutdown(socket.SHUT_WR)
        res = check("from client", read_to_eof(c), theirs)
        c.close()
        return order, res
    if order == "fin-repeat":
        res = check("from client", read_to_eof(c), theirs)
        time.sleep(1)  # the replayed FIN's answer is the only thing we send for a second
        c.sendall(mine)
        c.close()
        return order, res
    if order == "fin-lost-ack":
        res = check("from client", read_exact(c, SIZE), theirs)
        c.sendall(mine)
        time.sleep(0.5)  # the client stops its transmissions meanwhile
        c.close()
        return order, res
    if order == "rst-client":
        return order, reset_after(c, theirs)
    if order == "rst-server":
        c.sendall(mine[:SIZE // 2])
        read_exact(c, SIZE // 2)
        abort(c)
        return order, "ok"
    c.close()
    return order, "unknown order"


def server(addr, port):
    s = listen(addr, port)
    while True:
        c, _ = s.accept()
        try:
            order, res = serve_one(c)
        except OSError as e:
            order, res = "?", "error %s" % e
        print("server %s %s" % (order, res), flush=True)


def client_one(addr, port, order):
    c = connect(addr, port)
    c.sendall(order.ljust(HEADER).encode())
    mine, theirs = data(order, "client"), data(order, "server")
    if order in ("client-first", "server-first", "simultaneous"):
        c.sendall(mine)
        res = check("from server", read_exact(c, SIZE), theirs)
        if order == "simultaneous":
            c.send(b"g")
            c.shutdown(socket.SHUT_WR)
        if order != "client-first":
            tail = read_to_eof(c)
            if tail:
                res = "bad: %d bytes after the data" % len(tail)
        c.close()
        return res
    if order in ("half-close-client", "fin-with-data"):
        if order == "fin-with-data":
            c.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
        c.sendall(mine)
        c.shutdown(socket.SHUT_WR)
        res = check("from server", read_to_eof(c), theirs)
        c.close()
        return res
    if order == "half-close-server":
        res = check("from server", read_to_eof(c), theirs)
        c.sendall(mine)
        c.shutdown(socket.SHUT_WR)
        read_to_eof(c)
        c.close()
        return res
    if order == "fin-repeat":
        c.sendall(mine)
        unsent(c)  # the packet socket sees little more than the FIN and our answer
        with packet_socket() as raw:
            c.shutdown(socket.SHUT_WR)
            fin = outgoing_fin(raw, port)
            time.sleep(0.2)  # our FIN is acknowledged by now: the copy is a retransmission
            raw.send(fin)
        res = check("from server", read_to_eof(c), theirs)
        c.close()
        return res
    if order == "fin-lost-ack":
        c.sendall(mine)
        res = check("from server", read_exact(c, SIZE), theirs)
        time.sleep(0.1)  # our last acknowledgements of the data go out first
        dev = interface()
        tc("qdisc", "add", "dev", dev, "root", "pfifo", "limit", "0")
        try:
            tail = read_to_eof(c)
            time.sleep(2)
        finally:
            tc("qdisc", "del", "dev", dev, "root")
        c.close()
        return res if not tail else "bad: %d bytes after the data" % len(tail)
    if order == "rst-client":
        c.sendall(mine[:SIZE // 2])
        time.sleep(0.2)
        abort(c)
        return "ok"
    if order == "rst-server":
        c.sendall(mine[:SIZE // 2])
        return reset_after(c, theirs)
    return "unknown order"


def interface():
    """The namespace's one interface besides lo (from netlink: sysfs may show the host's)."""
    return next(name for _, name in socket.if_nameindex() if name != "lo")


def tc(*args):
    subprocess.run([shutil.which("tc") or "/usr/sbin/tc", *args], check=True)


def unsent(c):
    """Waits until everything sent on c is acknowledged (SIOCOUTQ is 0)."""
    import fcntl
    import termios
    for _ in range(500):
        if struct.unpack("i", fcntl.ioctl(c.fileno(), termios.TIOCOUTQ, b"\0" * 4))[0] == 0:
            return
        time.sleep(0.01)


def packet_socket():
    raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    raw.bind((interface(), 3))
    raw.settimeout(5)
    return raw


def outgoing_fin(raw, port):
    """The first frame with a FIN the namespace sends to port, as it left."""
    while True:
        frame, addr = raw.recvfrom(65535)
        if addr[2] != socket.PACKET_OUTGOING:
            continue
        kind = int.from_bytes(frame[12:14], "big")
        if kind == 0x0800 and frame[23] == 6:
            tcp = 14 + (frame[14] & 15) * 4
        elif kind == 0x86dd and frame[20] == 6:
            tcp = 54
        else:
            continue
        if int.from_bytes(frame[tcp + 2:tcp + 4], "big") == port and frame[tcp + 13] & 1:
            return frame


def client(addr, port, orders):
    for order in orders:
        try:
            res = client_one(addr, port, order)
        except OSError as e:
            res = "error %s" % e
        print("client %s %s" % (order, res), flush=True)
        time.sleep(0.2)  # the server's verdict first, and the closes settle


REPLY = b"hello from the server\n"


def churn_server(addr, port, mode):
    s = listen(addr, port, 1024)

    def loop():
        while True:
            c, _ = s.accept()
            try:
                c.sendall(REPLY)
                if mode == "client-first":
                    read_to_eof(c)
                c.close()
            except OSError:
                c.close()
    # Processes, not only threads: the interpreter's lock would make the server the bottleneck.
    for _ in range(3):
        if os.fork() == 0:
            break
    for _ in range(3):
        threading.Thread(target=loop, daemon=True).start()
    loop()


def churn_client(addr, port, mode, n, workers):
    """n connections from workers processes of two threads each; one summary line."""
    connect(addr, port).close()
    t0 = time.monotonic()
    pipes = []
    for w in range(workers):
        r, wr = os.pipe()
        if os.fork() == 0:
            os.close(r)
            ok, errors, first = churn_threads(addr, port, mode, n // workers + (1 if w < n % workers else 0), 2)
            os.write(wr, repr((ok, errors, first)).encode())
            os._exit(0)
        os.close(wr)
        pipes.append(r)
    ok = errors = 0
    first = []
    for r in pipes:
        chunks = []
        while True:
            d = os.read(r, 65536)
            if not d:
                break
            chunks.append(d)
        o, e, f = ast.literal_eval(b"".join(chunks).decode() or "(0, 0, ['worker died'])")
        ok, errors, first = ok + o, errors + e, first + f
        os.close(r)
    for _ in pipes:
        os.wait()
    print("churn %d ok %d errors %d rate %.0f first %s" % (n, ok, errors, n / (time.monotonic() - t0), first[:3]),
          flush=True)


def churn_threads(addr, port, mode, n, workers):
    counts = {"ok": 0, "errors": 0}
    first = []
    lock = threading.Lock()

    def work(k):
        for _ in range(k):
            try:
                c = socket.create_connection((addr, port), timeout=20)
                if mode == "client-first":
                    got = read_exact(c, len(REPLY))
                else:
                    got = read_to_eof(c)
                c.close()
                ok = got == REPLY
                err = None if ok else "reply %r" % got
            except OSError as e:
                ok, err = False, str(e)
            with lock:
                counts["ok" if ok else "errors"] += 1
                if err and len(first) < 3:
                    first.append(err)
    ts = [threading.Thread(target=work, args=(n // workers + (1 if i < n % workers else 0),))
          for i in range(workers)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return counts["ok"], counts["errors"], first


def echo_server(addr, port):
    """Echoes every connection from one thread (thousands of connections at once)."""
    import selectors
    s = listen(addr, port, 4096)
    s.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ)
    backlog = {}
    while True:
        for key, ev in sel.select():
            c = key.fileobj
            if c is s:
                try:
                    while True:
                        n, _ = s.accept()
                        n.setblocking(False)
                        backlog[n] = b""
                        sel.register(n, selectors.EVENT_READ)
                except BlockingIOError:
                    pass
                continue
            try:
                if ev & selectors.EVENT_READ and not backlog[c]:
                    d = c.recv(65536)
                    if not d:
                        sel.unregister(c)
                        del backlog[c]
                        c.close()
                        continue
                    backlog[c] = d
                if backlog[c]:
                    backlog[c] = backlog[c][c.send(backlog[c]):]
                    sel.modify(c, selectors.EVENT_WRITE if backlog[c] else selectors.EVENT_READ)
            except BlockingIOError:
                sel.modify(c, selectors.EVENT_WRITE)
            except OSError:
                sel.unregister(c)
                del backlog[c]
                c.close()


def echo_wave(wave, state, size, first):
    """Sends size bytes on every socket of wave and reads them back, all at once."""
    import selectors
    sel = selectors.DefaultSelector()
    for i, c in enumerate(wave):
        state[c] = [random.Random(first + i).randbytes(size), 0, bytearray()]
        sel.register(c, selectors.EVENT_READ | selectors.EVENT_WRITE)
    left = len(wave)
    deadline = time.monotonic() + 60
    while left and time.monotonic() < deadline:
        for key, ev in sel.select(1):
            c = key.fileobj
            payload, sent, got = state[c]
            if ev & selectors.EVENT_WRITE and sent < size:
                try:
                    state[c][1] += c.send(payload[sent:])
                except BlockingIOError:
                    pass
                if state[c][1] == size:
                    sel.modify(c, selectors.EVENT_READ)
            if ev & selectors.EVENT_READ:
                try:
                    d = c.recv(65536)
                except BlockingIOError:
                    d = None
                if d:
                    got += d
                if d == b"" or len(got) >= size:
                    sel.unregister(c)
                    left -= 1
    sel.close()


def many_client(addr, port, n, size):
    """Opens n connections; with all of them open, size bytes echoed on each (in waves)."""
    import selectors
    connect(addr, port).close()
    socks = []
    t0 = time.monotonic()
    for i in range(n):
        try:
            c = socket.create_connection((addr, port), timeout=30)
        except OSError as e:
            print("connection %d failed after %.1f s: %s" % (i, time.monotonic() - t0, e), flush=True)
            raise
        c.setblocking(False)
        socks.append(c)
        if i % 2000 == 0:
            print("opened %d at %.1f s" % (i, time.monotonic() - t0), flush=True)
    print("open %d" % len(socks), flush=True)
    # All stay open; the echo goes in waves, so that the namespace's tap queue is not flooded
    # with 18,000 first segments at once (dropped ones cost a retransmission timeout each).
    state = {}
    for start in range(0, n, 500):
        echo_wave(socks[start:start + 500], state, size, start)
    exact = sum(1 for c in socks if bytes(state[c][2]) == state[c][0])
    for c in socks:
        c.close()
    print("exact %d of %d" % (exact, n), flush=True)


def main():
    mode, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "server":
        server(addr, port)
    elif mode == "client":
        client(addr, port, sys.argv[4:])
    elif mode == "churn-server":
        churn_server(addr, port, sys.argv[4])
    elif mode == "churn-client":
        churn_client(addr, port, sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
    elif mode == "echo-server":
        echo_server(addr, port)
    elif mode == "many-client":
        many_client(addr, port, int(sys.argv[4]), int(sys.argv[5]))


if __name__ == "__main__":
    main()
