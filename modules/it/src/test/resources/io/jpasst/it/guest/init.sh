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
uptime_cs() { # seconds since boot, in hundredths
    read -r up _ < /proc/uptime
    echo "${up%.*}${up#*.}" | sed 's/^0*//;s/^$/0/'
}

ip link set lo up
ip link set eth0 up
echo "JPASST-RESULT mac $(cat /sys/class/net/eth0/address)"
udhcpc -i eth0 -n -q -f -t 10 -T 1 -O hostname -O mtu -s /etc/udhcpc.script || echo "JPASST-RESULT dhcp failed"
# three echoes 0.2 s apart, not the default 1 s: the same check, 1.6 s less per boot
if ping -c 3 -i 0.2 -W 3 "$remote" >/tmp/ping 2>&1; then
    echo "JPASST-RESULT ping ok"
else
    echo "JPASST-RESULT ping failed: $(tail -n 2 /tmp/ping | tr '\n' ' ')"
fi

size=$(arg tcpsize)
if [ -n "$size" ]; then
    # busybox nc stalls reading a download when its stdin is at EOF: wget reads to the end
    # the file goes back up as it came down: the host compares both ends' MD5
    # (the times, from /proc/uptime in centiseconds, feed scripts/guest-throughput)
    t0=$(uptime_cs)
    timeout 150 wget -q -O /tmp/blob "http://$remote:$(arg download)/blob"
    t1=$(uptime_cs)
    echo "JPASST-RESULT download $(wc -c < /tmp/blob)"
    echo "JPASST-RESULT download-cs $((t1 - t0))"
    echo "JPASST-RESULT download-md5 $(md5sum /tmp/blob | cut -d ' ' -f 1)"
    t0=$(uptime_cs)
    timeout 150 nc "$remote" "$(arg upload)" < /tmp/blob >/dev/null
    t1=$(uptime_cs)
    echo "JPASST-RESULT upload-cs $((t1 - t0))"
    rm -f /tmp/blob
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
