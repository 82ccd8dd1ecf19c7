#!/bin/sh
# wire.sh PREFIX PESTO-ARGS... : an upstream pasta with -t 22 -u 53 -T none -U none; upstream pesto through proxy.py
NS=pestorec
S=/tmp/w.$$; P=/tmp/wp.$$
prefix=$1; shift
ip netns exec $NS runuser -u jpasst -- /opt/passt-ref-src/pasta -q -f -c $S --config-net -t 22 -u 53 -T none -U none -- sleep 4 >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 25); do [ -S $S ] && break; sleep 0.2; done
ip netns exec $NS python3 "$(dirname "$0")/proxy.py" $P $S $prefix &
ppid=$!
for i in $(seq 1 25); do [ -S $P ] && break; sleep 0.2; done
ip netns exec $NS runuser -u jpasst -- /opt/passt-ref-src/pesto -s "$@" $P
wait $ppid
for i in $(seq 1 25); do [ -S $P ] && break; sleep 0.2; done
ip netns exec $NS runuser -u jpasst -- /opt/passt-ref-src/pesto $S
kill $pid; wait $pid
