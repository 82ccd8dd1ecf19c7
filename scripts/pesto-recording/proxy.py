import socket, sys, os, threading
# proxy.py LISTEN UPSTREAM PREFIX: one connection, bytes of each direction saved to PREFIX.s2c / PREFIX.c2s
lp, up, prefix = sys.argv[1:4]
if os.path.exists(lp): os.unlink(lp)
l = socket.socket(socket.AF_UNIX); l.bind(lp); os.chmod(lp, 0o777); l.listen(1)
c, _ = l.accept()
u = socket.socket(socket.AF_UNIX); u.connect(up)
def pump(a, b, name):
    data = bytearray()
    while True:
        d = a.recv(65536)
        if not d: break
        data += d; b.sendall(d)
    try: b.shutdown(socket.SHUT_WR)
    except OSError: pass
    open(prefix + '.' + name, 'wb').write(data)
t1 = threading.Thread(target=pump, args=(u, c, 's2c')); t2 = threading.Thread(target=pump, args=(c, u, 'c2s'))
t1.start(); t2.start(); t1.join(); t2.join()
