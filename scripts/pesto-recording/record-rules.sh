#!/bin/sh
# usage: rec2.sh MODE OPTION SPEC : upstream pesto's parse of "OPTION SPEC" against an upstream MODE
# started with nothing forwarded (the "Updated configuration" listing)
NS=pestorec
ip netns add $NS 2>/dev/null
ip netns exec $NS sh -c 'ip link set lo up; ip link add eth0 type veth peer name eth1 2>/dev/null; ip link set eth1 up; ip link set eth0 up; ip addr add 192.0.2.1/24 dev eth0 2>/dev/null; ip -6 addr add 2001:db8::1/64 dev eth0 nodad 2>/dev/null; ip route add default via 192.0.2.254 2>/dev/null; ip -6 route add default via 2001:db8::fe 2>/dev/null; sysctl -qw net.ipv4.ip_unprivileged_port_start=0'
mode=$1; opt=$2; spec=$3
S=/tmp/s.$$
rm -f $S
if [ $mode = pasta ]; then
  ip netns exec $NS runuser -u jpasst -- /opt/passt-ref-src/pasta -q -f -c $S --config-net -t none -u none -T none -U none -- sleep 3 >/dev/null 2>/tmp/err.$$ &
else
  ip netns exec $NS runuser -u jpasst -- /opt/passt-ref-src/passt -q -f -c $S -s /tmp/p.$$ -t none -u none >/dev/null 2>/tmp/err.$$ &
fi
pid=$!
for i in $(seq 1 25); do [ -S $S ] && break; sleep 0.2; done
ip netns exec $NS runuser -u jpasst -- /opt/passt-ref-src/pesto -s $opt "$spec" $S > out.$$ 2>&1; if grep -q "^Updated configuration" out.$$; then sed -n "/^Updated configuration/,\$p" out.$$ | tail -n +2; else echo "  ERROR: $(tail -1 out.$$)"; fi; rm -f out.$$
kill $pid 2>/dev/null; wait $pid 2>/dev/null
rm -f $S /tmp/err.$$ /tmp/p.$$
