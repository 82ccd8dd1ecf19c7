# tag-server.py LABEL ADDR PORT [COUNT]: for each connection, reads to end of stream, then
# replies "LABEL PEER SHA256" and closes; COUNT connections (0: until killed). The label tells
# which server a mapped address reached, the peer which address the connection came from.
import hashlib, socket, sys

label, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
count = int(sys.argv[4]) if len(sys.argv) > 4 else 0
s = socket.socket(socket.AF_INET6 if ':' in addr else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, port))
s.listen(8)
served = 0
while count == 0 or served < count:
    c, peer = s.accept()
    h = hashlib.sha256()
    while True:
        d = c.recv(1 << 16)
        if not d:
            break
        h.update(d)
    c.sendall(("%s %s %s\n" % (label, peer[0], h.hexdigest())).encode())
    c.close()
    served += 1
