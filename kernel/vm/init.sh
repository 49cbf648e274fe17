#!/bin/sh
# Guest /init: mount, load svatest, run /cmd, power off. Results go back to
# the host on the console as blobs (base64 of a .tar.gz between markers
# that carry the blob's size and md5; run-vm.sh decodes them):
#  - while /cmd runs, a SNAPSHOT of the small result files every
#    $SNAP_EVERY s, so a guest kernel that dies mid-run still leaves
#    run.json, findings and the kernel log on the host;
#  - at the end, RESULTS: all of /results with dmesg.txt, then
#    SVATEST-VM-EXIT=<status>.
# Kernel messages can land in the middle of a blob and a panic can cut one
# short: the host checks size and md5 and keeps the last whole one.
export PATH=/bin
SNAP_EVERY=5
SNAP_STOP=/tmp/snapshot.stop

# send_blob KIND SEQ FILE: FILE framed for the host on stdout.
send_blob() {
	local kind=$1 seq=$2 f=$3 size sum
	# Quiet again: lockdep turns the console verbose when it reports
	# (debug_locks_off), and the kernel's messages would then tear blobs.
	dmesg -n 1
	size=$(wc -c <"$f")
	sum=$(md5sum <"$f")
	sum=${sum%% *}
	echo "=====SVATEST-$kind-BEGIN $seq $size $sum====="
	base64 "$f"
	echo "=====SVATEST-$kind-END $seq====="
}

# The files a snapshot carries, relative to /results: everything but the
# event traces (up to 2 x 64 MiB; only the final blob carries them) and
# svafuzz's half-written temporaries (NAME.tmp.PID, renamed when whole).
snapshot_files() {
	find . -type f ! -name 'events*.jsonl' ! -name '*.tmp.*'
}

# One snapshot into /tmp/snap.tgz; false when it could not be made (a file
# vanished while tar read it: the next one will do).
make_snapshot() {
	# dmesg.txt replaced only when the log grew: a snapshot is sent only
	# when it differs from the last one, and tar records mtimes. (cat: the
	# first time there is no dmesg.txt, and that must read as different.)
	dmesg >/tmp/dmesg.now
	[ "$(md5sum </tmp/dmesg.now)" = "$(cat /results/dmesg.txt 2>/dev/null | md5sum)" ] ||
		cp /tmp/dmesg.now /results/dmesg.txt
	# shellcheck disable=SC2046 # file names are svafuzz's: no blanks
	tar czf /tmp/snap.tgz $(snapshot_files) 2>/dev/null
}

# Background loop while /cmd runs: a snapshot every SNAP_EVERY s when
# something changed. Polls the stop file each second so that the final blob
# never waits long nor overlaps a snapshot.
snapshot_loop() {
	local seq=0 last='' sum _
	cd /results || return
	while :; do
		for _ in $(seq "$SNAP_EVERY"); do
			sleep 1
			[ -e "$SNAP_STOP" ] && return
		done
		make_snapshot || continue
		sum=$(md5sum </tmp/snap.tgz)
		[ "$sum" = "$last" ] && continue
		last=$sum
		seq=$((seq + 1))
		# Framed first, then written in one write(): /cmd's output (another
		# writer of the console) cannot land inside it, as tty writes are
		# atomic with respect to each other (kernel messages are not).
		send_blob SNAPSHOT "$seq" /tmp/snap.tgz >/tmp/snap.txt
		dd if=/tmp/snap.txt bs=1048576 2>/dev/null
	done
}

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
	# a line: the module's name, then its parameters
	while read -r m args; do
		# shellcheck disable=SC2086 # the parameters are words
		insmod /lib/modules/kvm/$m.ko $args || echo "SVATEST-VM: insmod $m failed"
	done </lib/modules/kvm/order
	[ -c /dev/kvm ] && echo "SVATEST-VM: kvm loaded"
elif [ -c /dev/kvm ]; then	# built in (arm64, booted at EL2)
	echo "SVATEST-VM: kvm loaded: $(dmesg | grep -m1 'kvm \[1\]: .*mode')"
fi
# run-vm.sh --vfio-device: svafuzz.vfio=CLASS on the command line hands
# every PCI device of that class to vfio-pci (driver_override: a driver that
# has it, e.g. a built-in nvme, lets go first).
vclass=$(sed -n 's/.*svafuzz\.vfio=\([0-9a-fx]*\).*/\1/p' /proc/cmdline)
for d in /sys/bus/pci/devices/*; do
	[ -n "$vclass" ] && [ "$(cat "$d/class")" = "$vclass" ] || continue
	echo vfio-pci >"$d/driver_override"
	[ -e "$d/driver" ] && echo "${d##*/}" >"$d/driver/unbind"
	echo "${d##*/}" >/sys/bus/pci/drivers_probe
	echo "SVATEST-VM: ${d##*/} -> $(basename "$(readlink "$d/driver")") group $(basename "$(readlink "$d/iommu_group")")"
done
cd /results
# Kernel messages would interleave with the blobs: quieten the console. An
# Oops or panic still reaches it (the kernel turns the console verbose).
dmesg -n 1
snapshot_loop &
snap_pid=$!
{ sh /cmd; echo $? >/tmp/rc; } 2>&1 | tee /results/guest-output.txt
rc=$(cat /tmp/rc 2>/dev/null || echo 125)
touch "$SNAP_STOP"
wait "$snap_pid"
dmesg >/results/dmesg.txt
tar czf /tmp/results.tgz -C /results .
send_blob RESULTS 0 /tmp/results.tgz
echo "SVATEST-VM-EXIT=$rc"
sync
poweroff -f
