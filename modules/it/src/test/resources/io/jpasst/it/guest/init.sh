#!/bin/busybox sh
# /init of the test guest. Results go to the serial console as "JPASST-RESULT ..." lines;
# "JPASST-DONE" ends the run and the guest powers off. Kernel parameters (jpasst.*) ask for
# the optional checks that need TCP through passt.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /lib/modules/order); do insmod "/lib/modules/$m.ko" || echo "JPASST-RESULT insmod-failed $m"; done

arg() { # value of kernel parameter jpasst.$1, empty if absent
    for w in $(cat /proc/cmdline); do
        case "$w" in "jpasst.$1="*) echo "${w#*=}" ;; esac
    done
}
remote=$(arg remote)

ip link set lo up
ip link set eth0 up
echo "JPASST-RESULT mac $(cat /sys/class/net/eth0/address)"
udhcpc -i eth0 -n -q -f -t 10 -T 1 -O hostname -O mtu -s /etc/udhcpc.script || echo "JPASST-RESULT dhcp failed"
if ping -c 3 -W 3 "$remote" >/tmp/ping 2>&1; then
    echo "JPASST-RESULT ping ok"
else
    echo "JPASST-RESULT ping failed: $(tail -n 2 /tmp/ping | tr '\n' ' ')"
fi

size=$(arg tcpsize)
if [ -n "$size" ]; then
    # busybox nc stalls reading a download when its stdin is at EOF: wget reads to the end
    got=$(timeout 150 wget -q -O - "http://$remote:$(arg download)/blob" | wc -c)
    echo "JPASST-RESULT download $got"
    head -c "$size" /dev/zero | timeout 150 nc "$remote" "$(arg upload)" >/dev/null
    echo "JPASST-RESULT upload sent"
fi
port=$(arg listen)
if [ -n "$port" ]; then
    echo "JPASST-RESULT listening $port"
    echo jpasst-guest-banner | timeout 60 nc -l -p "$port" >/dev/null
    echo "JPASST-RESULT served $port"
fi
echo "JPASST-DONE"
poweroff -f
