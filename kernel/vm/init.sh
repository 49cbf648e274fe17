#!/bin/sh
# Guest /init: mount, load svatest, run /cmd, send results + kernel log back
# on the console between markers (run-vm.sh decodes them), power off.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mount -t debugfs none /sys/kernel/debug 2>/dev/null
echo "SVATEST-VM: kernel $(uname -r) $(uname -m) cpus $(nproc) up $(cut -d' ' -f1 /proc/uptime)s"
if insmod /lib/modules/svatest.ko $(cat /modparams); then
	echo "SVATEST-VM: svatest loaded"
else
	echo "SVATEST-VM: insmod svatest failed"
fi
if [ -f /lib/modules/kvm/order ]; then
	for m in $(cat /lib/modules/kvm/order); do
		insmod /lib/modules/kvm/$m.ko || echo "SVATEST-VM: insmod $m failed"
	done
	[ -c /dev/kvm ] && echo "SVATEST-VM: kvm loaded"
fi
cd /results
# Kernel messages would interleave with the results blob: quieten the console.
dmesg -n 1
{ sh /cmd; echo $? >/tmp/rc; } 2>&1 | tee /results/guest-output.txt
rc=$(cat /tmp/rc 2>/dev/null || echo 125)
dmesg >/results/dmesg.txt
echo "=====SVATEST-RESULTS-BEGIN====="
tar czf - -C /results . | base64
echo "=====SVATEST-RESULTS-END====="
echo "SVATEST-VM-EXIT=$rc"
sync
poweroff -f
