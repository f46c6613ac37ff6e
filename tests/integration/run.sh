#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Integration tests, one suite for every architecture: each guest under
# kvmini with its output, exit status and statistics checked. POSIX sh
# (bash on a host, busybox sh in the lab and the arm64 emulated host).
# Needs a usable /dev/kvm: `make integration` runs it natively or in the
# emulated KVM host (scripts/on-kvm.sh).
#
# Usage: run.sh KVMINI GUEST_DIR [LABEL]
# The last line is "LABEL: N passed, M failed". SUITE_GROUPS (default
# "all") selects groups: demo stats input ending hostile virtio-hostile
# irqchip kvm seccomp arch gdb. KVMINI_ARCH names kvmini's architecture where
# this file is run outside the tree (the lab copies it alone).
# shellcheck disable=SC2016 # check evaluates its expressions itself
set -u
KVMINI=$(realpath "$1")
G=$(realpath "$2")
here=$(dirname "$0")
# shellcheck source=tests/lib.sh
. "$here/../lib.sh"

# kvmini's architecture: the src/arch/<arch> whose arch.mk names the
# machine kvmini --version does, "kvmini VERSION (MACHINE[;SANITIZERS])"
version=$("$KVMINI" --version)
machine=${version#*(}
machine=${machine%%[;)]*}
arch=${KVMINI_ARCH:-$(sh "$here/../../scripts/arch.sh" machine "$machine" 2>/dev/null)}
[ -n "$arch" ] || {
	echo "run.sh: unknown architecture: $version (outside the tree: KVMINI_ARCH)"
	exit 2
}
label=${3:-integration-$arch}
echo "$label: kvmini on ${KVM_HOST:-this machine (native), Linux $(uname -r)}"

# What differs between the architectures: guest names, the console
# device (x86 port 0xE9, arm64 PL011 MMIO), how a bare guest ends (x86
# hlt, arm64 a write to the exit register), KVM's statistic names and
# the number of openat (the seccomp group).
case $arch in
x86)
	S=64				# guests are built per mode: hello64
	hello=hello64
	con_exit=IO			# one exit per console byte
	end_reason=HLT
	kvm_mmio=mmio_exits
	unclaimed_at=0xe0000000
	# real mode: hlt, with nothing stored
	printf '\364' >"$T/noresult.bin"
	openat=257
	;;
arm64)
	S=
	hello=hello
	con_exit=MMIO
	end_reason=MMIO
	# shellcheck disable=SC2034 # for the checks below
	kvm_mmio=mmio_exit_user
	unclaimed_at=0xf000000
	# mov x1, #0x0a000000; str xzr, [x1] (exit register, x0 unset); b .
	printf '\001\100\241\322\077\000\000\371\000\000\000\024' >"$T/noresult.bin"
	openat=56
	;;
*)
	echo "run.sh: no expectations for $arch yet (add them here)"
	exit 2 ;;
esac

# group NAME: is this group selected?
group() {
	case " ${SUITE_GROUPS:-all} " in
	*" all "* | *" $1 "*) return 0 ;;
	esac
	return 1
}

if group demo; then
	run "demo" 0
	expect_out "demo output" "Ana are mere${NL}rx: hello from kvmini"
	expect_err "demo check" 'check: \[0x[0-9a-f]*400\] = 42, result register = 42: pass'
	run "hello" 0 "$G/$hello.elf"
	expect_out "hello output" "Hello, world!"
	expect_err "hello check" 'result register = 42: pass'
	run "rx payload" 0 --rx "Ana are pere"
	expect_out "rx echo" "Ana are mere${NL}rx: Ana are pere"
	# stdout a pipe whose reader has gone (the FIFO's only reader closed
	# once it was open): one line, then kvmini ends by SIGPIPE
	mkfifo "$T/closed"
	printf 'exec 3<>"%s" >"%s" 3<&-\nexec "$@"\n' "$T/closed" "$T/closed" \
		>"$T/closed-out"
	RUN_WRAP="sh $T/closed-out"
	run "stdout closed" 141 "$G/$hello.elf"
	RUN_WRAP=
	check "stdout closed: the one line" '[ "$(cat "$T/err")" = \
	"kvmini: SIGPIPE: the output was closed (its reader exited): ending the run" ]'
fi

if group stats; then
	run "stats json" 0 --stats=json --stats-file "$T/s.json"
	# shellcheck disable=SC2034 # for the checks below
	s=$T/s.json
	check "json: MMIO exits counted" '[ "$(jv exits.by_reason.MMIO.count $s)" -gt 0 ]'
	check "json: the guest ended by $end_reason" \
	'[ "$(jv exits.by_reason.$end_reason.count $s)" -ge 1 ]'
	check "json: KVM saw at least kvmini's exits" \
	'[ "$(jv kvm.exits $s)" -ge "$(jv exits.total.count $s)" ]'
	check "json: KVM's MMIO exits to userspace" \
	'[ "$(jv kvm.$kvm_mmio $s)" -ge "$(jv exits.by_reason.MMIO.count $s)" ]'
	check "json: exit-driven notifications" \
	'[ "$(jv devices.simvirtio.notify_tx $s)" -ge 3 ]'
	check "json: each notification is a simvirtio exit" \
	'[ "$(jv exits.by_device.simvirtio.count $s)" -ge "$(jv devices.simvirtio.notify_tx $s)" ]'
	# steps_ordered FILE STEP...: each step of the start-up section
	# reached, none before the one before it
	steps_ordered() {
		f=$1 last=0
		shift
		for k; do
			v=$(jv "startup.${k}_ns" "$f") &&
				[ "$v" -gt 0 ] && [ "$v" -ge "$last" ] || return 1
			last=$v
		done
	}
	check "json: start-up and teardown steps in order" \
	'steps_ordered $s options image host_files kvm_open vm_create memory \
		vm_setup devices image_placed vcpus_create vcpus_setup ready \
		threads stopped teardown'
	check "json: the guest ran between" \
	'steps_ordered $s ready first_run first_exit last_exit stopped'
	# one vCPU, nothing to watch: it runs on the main thread, once the
	# main thread's filter is in (a vCPU thread may run before that)
	check "json: a lone vCPU on the main thread, after its filter" \
	'steps_ordered $s ready threads first_run'
	run "polling" 0 --polling --stats=json --stats-file "$T/p.json"
	expect_out "polling output" "Ana are mere${NL}rx: hello from kvmini"
	# shellcheck disable=SC2034 # for the checks below
	p=$T/p.json
	check "polling: zero notifications" \
	'[ "$(jv devices.simvirtio.notify_tx $p)" = 0 ] &&
	 [ "$(jv devices.simvirtio.notify_rx $p)" = 0 ] &&
	 [ "$(jv devices.simvirtio.polling $p)" = 1 ]'
	check "polling: fewer exits than exit-driven" \
	'[ "$(jv exits.total.count $p)" -lt "$(jv exits.total.count $s)" ]'
	run "boot markers" 0 --stats=json --stats-file "$T/b.json" \
		"$G/boot_marks$S.elf"
	# shellcheck disable=SC2034 # for the checks below
	b=$T/b.json
	# phase_exits N: the exits counted in boot phase N, all reasons
	phase_exits() {
		awk "$_jsonflat" "$b" | awk -v p="boot.phases.$1.exits." \
			'index($1, p) == 1 { n += $2 } END { print n + 0 }'
	}
	check "boot markers: three kept, none dropped" \
	'[ "$(jv boot.markers $b)" = 3 ] && [ "$(jv boot.dropped $b)" = 0 ]'
	check "boot markers: sources, codes and ranges" \
	'[ "$(jv boot.phases.1.source $b)" = post-code ] &&
	 [ "$(jv boot.phases.1.code $b)" = 16 ] &&
	 [ "$(jv boot.phases.1.range $b)" = firmware ] &&
	 [ "$(jv boot.phases.2.code $b)" = 64 ] &&
	 [ "$(jv boot.phases.2.range $b)" = kernel ] &&
	 [ "$(jv boot.phases.3.source $b)" = boot-timer ] &&
	 [ "$(jv boot.phases.3.code $b)" = 123 ]'
	boot_in_order() {
		last=0
		for k in first_instruction_ns phases.1.ns phases.2.ns \
			phases.3.ns exit_ns; do
			v=$(jv "boot.$k" "$b") || return 1
			[ "$v" -gt 0 ] && [ "$v" -ge "$last" ] || return 1
			last=$v
		done
	}
	check "boot markers: in time order, within the run" boot_in_order
	check "boot markers: the exits of each phase" \
	'[ "$(phase_exits 1)" = 2 ] && [ "$(phase_exits 2)" = 4 ] &&
	 [ "$(phase_exits 3)" = 6 ] &&
	 [ $(($(phase_exits 0) + 12)) = "$(jv exits.total.count $b)" ]'
	check "boot markers: the timer ignored one write" \
	'[ "$(jv devices.boot-timer.ignored $b)" = 1 ] &&
	 [ "$(jv devices.boot-timer.marks $b)" = 1 ]'
	run "text stats" 0 --stats "$G/$hello.elf"
	expect_err "text stats: one $con_exit exit per byte at least" "^      $con_exit +(1[4-9]|[2-9][0-9]) "
	run "trace" 0 --trace "$T/trace" --stats=json --stats-file "$T/t.json" "$G/$hello.elf"
	check "trace: one line per exit" \
	'[ "$(grep -vc "^#" $T/trace)" -eq "$(jv exits.total.count $T/t.json)" ]'
	check "trace format" \
	'grep -Eq "^[0-9]+ 0 $con_exit 0x[0-9a-f]+ [0-9]+\$" $T/trace'
	# more exits than a vCPU's trace ring holds
	run "long trace" 0 --trace "$T/lt" --stats=json --stats-file "$T/lt.json" \
		"$G/bench_mmio$S.elf"
	check "long trace: one line per exit" \
	'[ "$(grep -vc "^#" $T/lt)" -eq "$(jv exits.total.count $T/lt.json)" ] &&
	 [ "$(jv exits.total.count $T/lt.json)" -gt 8192 ]'
	run "sampled trace" 10 --timeout 1 --trace "$T/st" --sample 10 "$G/spin$S.elf"
	samples_ok() {
	[ "$(grep -c ' - SAMPLE exits=[0-9]' "$T/st")" -ge 3 ] &&
		awk '/SAMPLE/ { split($4, a, "="); if (a[2] + 0 < last) exit 1; last = a[2] + 0 }' "$T/st"
	}
	check "sampled trace: KVM exits non-decreasing" samples_ok
	run "--sample without --trace" 2 --sample 5 "$G/$hello.elf" && one_error_line "--sample without --trace"
fi

if group input; then	# bad input from the user
	run "missing image" 3 /nonexistent.elf && one_error_line "missing image"
	: >"$T/empty"
	run "empty image" 3 "$T/empty" && one_error_line "empty image"
	head -c $((3 << 20)) /dev/zero >"$T/big"
	run "oversized image" 3 "$T/big" && one_error_line "oversized image"
	head -c 100 "$G/$hello.elf" >"$T/trunc.elf"
	run "truncated ELF" 3 "$T/trunc.elf" && one_error_line "truncated ELF"
	run "unknown option" 2 --bogus && one_error_line "unknown option"
	run "bad memory size" 2 -m 12Q && one_error_line "bad memory size"
	run "too many vCPUs" 2 --cpus 9 "$G/$hello.elf" && one_error_line "too many vCPUs"
	run "--initrd for a bare guest" 2 --initrd "$G/$hello.elf" "$G/$hello.elf" &&
	one_error_line "--initrd for a bare guest"
	# disks: checked (and locked) before any KVM call
	head -c 65536 /dev/zero >"$T/disk.img"
	run "missing disk" 3 --disk /nonexistent.img "$G/$hello.elf" &&
		one_error_line "missing disk"
	# another kvmini holds the image (its lock is in /proc/locks)
	run_bg "disk holder" --timeout 60 --disk "$T/disk.img" "$G/spin$S.elf"
	# shellcheck disable=SC2012 # one file of ours: its name is known
	ino=$(ls -i "$T/disk.img" | cut -d' ' -f1)
	i=0
	while ! grep -q ":$ino " /proc/locks && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	run "disk in use (locked)" 3 --disk "$T/disk.img" "$G/$hello.elf" &&
		one_error_line "disk in use (locked)"
	kill "$bg_pid"
	wait_bg 143
	run "disk beside a bare guest" 0 --disk "$T/disk.img,ro" "$G/$hello.elf"
	# --net fd=N: checked before kvmini opens a file of its own (with
	# nothing open on 3, its disk image would get that number), and to
	# be a tap (a read of /dev/null returns at once, for ever)
	printf 'exec "$@" 3<&-\n' >"$T/no-fd3"
	RUN_WRAP="sh $T/no-fd3"
	run "--net fd=3, nothing open there" 4 --net fd=3 \
		--disk "$T/disk.img" "$G/$hello.elf" &&
		one_error_line "--net fd=3, nothing open there"
	RUN_WRAP=
	expect_err "--net fd=3: not open" 'fd=3: not an open file descriptor'
	run "--net fd=0 on /dev/null" 4 --net fd=0 "$G/$hello.elf" &&
		one_error_line "--net fd=0 on /dev/null"
	expect_err "--net fd=0: not a tap" 'fd=0: not a tap'
	# a FIFO is no wait in open() for a writer: status 3 at once
	mkfifo "$T/fifo"
	run "FIFO as the image" 3 "$T/fifo" && one_error_line "FIFO as the image"
	run "FIFO as a read-only disk" 3 --disk "$T/fifo,ro" "$G/$hello.elf" &&
		one_error_line "FIFO as a read-only disk"
	run "five disks" 2 --disk a --disk b --disk c --disk d --disk e &&
		one_error_line "five disks"
	run "help" 0 --help
	check "help mentions the exit statuses" 'grep -q "Exit status" $T/out'
fi

if group ending; then	# guests that end badly
	run "failed check" 1 "$T/noresult.bin"
	expect_err "failed check says FAIL" ': FAIL$'
	run "--no-check" 0 --no-check "$T/noresult.bin"
	run "timeout" 10 --timeout 1 "$G/spin$S.elf"
	expect_err "timeout report" 'still running after 1 s'
	expect_err "timeout report: where vcpu0 waits" '^  vcpu0: .*mp_state RUNNABLE'
	expect_err "timeout report: its exits to kvmini" '^    exits to kvmini: 0$'
fi

if group hostile; then
	for mode in "" "--polling"; do
		m=${mode:-exit-driven}
		for h in txhead rxtail devtable; do
			# shellcheck disable=SC2086 # $mode: no option or one
			run "hostile $h, $m" 11 $mode --timeout 20 "$G/hostile_$h$S.elf"
			expect_err "hostile $h, $m: message" 'guest error: .*stopping the VM'
		done
		# shellcheck disable=SC2086 # $mode: no option or one
		run "hostile regs, $m" 0 $mode --stats=json --stats-file "$T/h.json" "$G/hostile_regs$S.elf"
		expect_out "hostile regs, $m: survived" "survived"
		# shellcheck disable=SC2034 # for the checks below
		hj=$T/h.json
		check "hostile regs, $m: misuse counted" \
			'[ "$(jv devices.simvirtio.bad_accesses $hj)" = 3 ] &&
			 [ "$(jv devices.simvirtio.protocol_errors $hj)" = 2 ] &&
			 [ "$(jv unclaimed.reads $hj)" = 2 ]'
	done
	run "strict io" 9 --strict-io "$G/hostile_regs$S.elf"
	expect_err "strict io report" "unclaimed MMIO read at $unclaimed_at"
fi

if group virtio-hostile; then
	# a hostile virtio driver: bad buffers fail their request, damaged
	# rings make the device need a reset; kvmini stays up
	run "hostile virtio" 0 --stats=json --stats-file "$T/hv.json" \
		"$G/hostile_virtio$S.elf"
	expect_out "hostile virtio: survived" "virtio survived"
	check "hostile virtio: 54 resets needed and counted, 10 printed, 3 bad requests" \
		'[ "$(grep -c "the device needs a reset" $T/err)" = 10 ] &&
		 [ "$(jv devices.virtio-rng.needs_reset $T/hv.json)" = 54 ] &&
		 [ "$(jv devices.virtio-rng.q0_bad_requests $T/hv.json)" = 3 ]'
	# guests that keep a device busy for ever or for hours: each run
	# ends by itself or at --timeout, within the bound of
	# docs/security.md (1 s; 3 s here, for emulation and a busy host).
	# By exits, and as a kernel's devices are served: ioeventfds and a
	# notifier thread (--irqchip), or its poller. The blk loop's table
	# (32 MiB: seconds of writes in an emulated host, more with a
	# sanitizer and a busy host) is written in a run of its own, which
	# ends by itself, so that the loop starts as its timed run does
	head -c 33554432 /dev/zero >"$T/loop.img"
	run "blk loop: its table" 0 -m 8M --disk "$T/loop.img" \
		"$G/hostile_blk_table$S.elf"
	expect_out "blk loop: its table written" "table written"
	for mode in "" "--irqchip" "--irqchip --polling"; do
		m=${mode:-exits}
		# shellcheck disable=SC2086 # $mode: zero to two options
		run "rng flood, $m" 0 $mode --no-check -m 128M --timeout 20 \
			--stats=json --stats-file "$T/rf.json" "$G/hostile_rng_flood$S.elf"
		expect_out "rng flood, $m: 4 GiB chains fail, 64 MiB ones get 64 KiB" \
			"rng flood survived: 65536 bytes a request"
		check "rng flood, $m: counted" \
			'[ "$(jv devices.virtio-rng.q0_bad_requests $T/rf.json)" = 64 ] &&
			 [ "$(jv devices.virtio-rng.bytes $T/rf.json)" = 4194304 ]'
		# shellcheck disable=SC2086 # $mode: zero to two options
		run "blk loop, $m: ended at --timeout" 10 $mode -m 8M --timeout 3 \
			--disk "$T/loop.img" --stats=json --stats-file "$T/bl.json" \
			"$G/hostile_blk_loop$S.elf"
		# on kvmini's clock: stop_ns runs from the stop request (here
		# --timeout's) until every thread has ended; the process's
		# start (a sanitizer's with it) is no part of the stop
		check "blk loop, $m: within the bound" \
			'[ "$(jv stop_ns $T/bl.json)" -gt 0 ] &&
			 [ "$(jv stop_ns $T/bl.json)" -le 3000000000 ]'
		# and the stop came at --timeout: 3 s after the VM started,
		# after a set-up of at most 12 s (a sanitizer's, emulated)
		check "blk loop, $m: stopped at --timeout" \
			'[ $(($(jv wall_ns $T/bl.json) - $(jv stop_ns $T/bl.json))) -ge 3000000000 ] &&
			 [ $(($(jv wall_ns $T/bl.json) - $(jv stop_ns $T/bl.json))) -le 15000000000 ]'
		expect_out "blk loop, $m: the ring fed itself" "feeding the ring"
		# one read of the table and one of the loop offered by the
		# guest; the rest fed themselves (how many depends on the
		# speed: any will do)
		check "blk loop, $m: served until stopped" \
			'[ "$(jv devices.virtio-blk.q0_requests $T/bl.json)" -gt 2 ]'
		[ -z "$mode" ] && continue
		check "rng flood and blk loop, $m: by a device thread" \
			'[ "$(jv devices.virtio-rng.eventfds $T/rf.json)" = 1 ] &&
			 [ "$(jv devices.virtio-blk.q0_notifies $T/bl.json)" = 0 ]'
	done
fi

if group kvm; then	# kvmini's diagnosis when KVM cannot be used
	run "--check-kvm" 0 --check-kvm
	expect_err "--check-kvm says usable" '/dev/kvm is usable'
	# as root, in a private mount namespace: /dev without kvm, and a
	# /dev/kvm that is not KVM; as nobody: permission denied
	if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
		printf '#!/bin/sh\nmount -t tmpfs none /dev && exec "$@"\n' >"$T/nodev"
		printf '#!/bin/sh\nmount --bind /dev/null /dev/kvm && exec "$@"\n' >"$T/notkvm"
		chmod +x "$T/nodev" "$T/notkvm"
		RUN_WRAP="unshare -m $T/nodev"
		run "no /dev/kvm" 4 --check-kvm && one_error_line "no /dev/kvm"
		expect_err "no /dev/kvm: why and where to go" \
			'no /dev/kvm: .*hardware virtualization.*lab/kvm-host.sh'
		RUN_WRAP="unshare -m $T/notkvm"
		run "/dev/kvm is not KVM" 4 && one_error_line "/dev/kvm is not KVM"
		expect_err "/dev/kvm is not KVM: unusable" \
			'/dev/kvm is present but unusable: KVM_GET_API_VERSION: .*lab/kvm-host.sh'
		# util-linux setpriv, else busybox su (its root has /etc/passwd)
		cat >"$T/nobody" <<-'EOF'
		#!/bin/sh
		if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
			exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
		fi
		cmd=exec
		for a; do cmd="$cmd '$(printf %s "$a" | sed "s/'/'\\\\''/g")'"; done
		exec su -s /bin/sh -c "$cmd" nobody
		EOF
		chmod +x "$T/nobody"
		# a copy nobody can reach: the tree may be in a private
		# directory (mktemp -d makes them 0700)
		pub=$(mktemp -d) && chmod 755 "$pub" && cp "$KVMINI" "$pub/kvmini"
		RUN_WRAP=$T/nobody
		own=$KVMINI
		KVMINI=$pub/kvmini
		run "permission denied" 4 --check-kvm && one_error_line "permission denied"
		expect_err "permission denied: the kvm group" "permission denied: add your user to the 'kvm' group"
		KVMINI=$own
		rm -rf "$pub"
		RUN_WRAP=
	else
		echo "note: the diagnoses of a missing or forbidden /dev/kvm need root (make test runs them in the emulated host)"
	fi
fi

if group seccomp; then	# the per-thread allowlists (docs/security.md)
	# a test-only switch: the thread makes a call its filter forbids
	# (openat) right after installing it, before any guest output
	forbidden() {	# THREAD: stderr is one line naming it and the call
		[ "$(cat "$T/err")" = "kvmini: seccomp: $1 thread made a forbidden system call: openat ($openat)" ]
	}
	run "seccomp: vCPU thread" 12 --seccomp-selftest=vcpu "$G/$hello.elf"
	check "seccomp: vCPU thread: the one line" 'forbidden vcpu0'
	check "seccomp: vCPU thread: no guest output" '[ ! -s "$T/out" ]'
	run "seccomp: vCPU 1 of 2" 12 --cpus 2 --seccomp-selftest=vcpu "$G/$hello.elf"
	expect_err "seccomp: vCPU 1 of 2: a vCPU thread named" \
		'^kvmini: seccomp: vcpu[01] thread made a forbidden system call: openat '
	one_error_line "seccomp: vCPU 1 of 2"
	run "seccomp: device thread" 12 --polling --seccomp-selftest=device
	check "seccomp: device thread: the one line" 'forbidden "simvirtio poller"'
	check "seccomp: device thread: no guest output" '[ ! -s "$T/out" ]'
	run "seccomp: --no-seccomp lets it through" 0 --no-seccomp \
		--seccomp-selftest=vcpu "$G/$hello.elf"
	expect_out "seccomp: --no-seccomp: the guest ran" "Hello, world!"
	run "seccomp: bad self-test" 2 --seccomp-selftest=main &&
		one_error_line "seccomp: bad self-test"
	# A sanitizer build (kvmini --version names its sanitizers): an
	# error planted in a filtered thread must give the sanitizer's
	# report, what and where (source file and line, the thread's own
	# function), and its status, 66, not the seccomp line of a call its
	# runtime made while reporting and 12.
	sanitized() {	# NAME WHAT (an ERE) THREAD_FILE [kvmini args...]
		_sn=$1 _what=$2 _file=$3
		shift 3
		run "$_sn" 66 "$@"
		expect_err "$_sn: the report" "$_what"
		expect_err "$_sn: where" 'src/sandbox\.c:[0-9]+'
		[ -z "$_file" ] || expect_err "$_sn: the thread's function" "$_file"
		check "$_sn: no seccomp line" '! grep -q "^kvmini: seccomp" "$T/err"'
	}
	sanitizers=$("$KVMINI" --version)
	case $sanitizers in
	*UBSan*)
		# UBSan prints no stack by default: no thread's function
		ub='src/sandbox\.c:[0-9]+:[0-9]+: runtime error: signed integer overflow'
		sanitized "seccomp: UBSan in a vCPU thread" "$ub" "" \
			--seccomp-selftest=ubsan-vcpu "$G/$hello.elf"
		sanitized "seccomp: UBSan in a device thread" "$ub" "" \
			--polling --seccomp-selftest=ubsan-device ;;
	esac
	case $sanitizers in
	*ASan*)
		uaf='ERROR: AddressSanitizer: heap-use-after-free'
		sanitized "seccomp: ASan in a vCPU thread" "$uaf" \
			'src/vcpu\.c:[0-9]+' \
			--seccomp-selftest=asan-vcpu "$G/$hello.elf"
		sanitized "seccomp: ASan in a device thread" "$uaf" \
			'src/devices/simvirtio\.c:[0-9]+' \
			--polling --seccomp-selftest=asan-device ;;
	esac
	case $sanitizers in
	*TSan*)
		# TSan reports and goes on: the guest runs to its end
		race='WARNING: ThreadSanitizer: data race'
		sanitized "seccomp: TSan in a vCPU thread" "$race" \
			'src/vcpu\.c:[0-9]+' \
			--seccomp-selftest=tsan-vcpu "$G/$hello.elf"
		expect_out "seccomp: TSan in a vCPU thread: the guest ran" \
			"Hello, world!"
		sanitized "seccomp: TSan in a device thread" "$race" \
			'src/devices/simvirtio\.c:[0-9]+' \
			--polling --seccomp-selftest=tsan-device
		expect_out "seccomp: TSan in a device thread: the guest ran" \
			"Ana are mere${NL}rx: hello from kvmini" ;;
	esac
	case $sanitizers in
	*ASan* | *TSan*)
		# a fatal signal: ASan's or TSan's handler reports it
		segv='ERROR: (Address|Thread)Sanitizer: SEGV on unknown address'
		sanitized "seccomp: SEGV in a vCPU thread" "$segv" \
			'src/vcpu\.c:[0-9]+' \
			--seccomp-selftest=segv-vcpu "$G/$hello.elf"
		sanitized "seccomp: SEGV in a device thread" "$segv" \
			'src/devices/simvirtio\.c:[0-9]+' \
			--polling --seccomp-selftest=segv-device ;;
	esac
fi

if group irqchip; then	# a bare guest with what a kernel gets (--irqchip)
	printf 'hello\nworld\n.' >"$T/in"
	RUN_STDIN=$T/in
	run "console input (--irqchip)" 0 --irqchip --no-check "$G/echo$S.elf"
	expect_out "console input (--irqchip): echoed" "ready${NL}hello${NL}world${NL}bye"
	# without it a bare guest reads nothing
	run "console input: none without --irqchip" 10 --timeout 2 "$G/echo$S.elf"
	expect_out "console input: none without --irqchip: no echo" "ready"
	# a guest that never listens while stdin has more than kvmini holds
	head -c 1048576 /dev/zero >"$T/in"
	# shellcheck disable=SC2034 # for the checks below
	t0=$(date +%s)
	run "console input refused (--irqchip)" 10 --irqchip --timeout 2 "$G/spin$S.elf"
	# shellcheck disable=SC2034 # for the checks below
	t1=$(date +%s)
	check "console input refused: within the bound" '[ $((t1 - t0)) -le 5 ]'
	RUN_STDIN=
fi

# one architecture only
if ! group arch; then
	:
elif [ "$arch" = x86 ]; then
	for m in 16 32; do
		run "hello$m" 0 "$G/hello$m.elf"
		expect_out "hello$m output" "Hello, world!"
		expect_err "hello$m check" 'result register = 42: pass'
	done
	run "3 vCPUs" 0 --cpus 3 --stats=json --stats-file "$T/c3.json" "$G/hello64.elf"
	greetings() {
		[ "$(tr -cd H <"$T/out" | wc -c)" -eq 3 ] && [ "$(wc -c <"$T/out")" -eq 42 ]
	}
	check "3 vCPUs: three greetings (interleaved)" greetings
	check "3 vCPUs: each halted" \
		'[ "$(jv vcpus $T/c3.json)" = 3 ] && [ "$(jv exits.by_reason.HLT.count $T/c3.json)" = 3 ]'
	# the vCPUs' trace rings, merged by the main thread: no exit lost
	run "3 vCPUs, trace" 0 --cpus 3 --trace "$T/t3" --stats=json \
		--stats-file "$T/t3.json" "$G/hello64.elf"
	check "3 vCPUs, trace: one line per exit" \
	'[ "$(grep -vc "^#" $T/t3)" -eq "$(jv exits.total.count $T/t3.json)" ]'
	halts() {
		[ "$(awk '$3 == "HLT" { print $2 }' "$T/t3" | sort | tr -d '\n')" = 012 ]
	}
	check "3 vCPUs, trace: each vCPU's halt" halts
	# with an in-kernel LAPIC too (where a hlt never exits: --timeout)
	run "3 vCPUs, --irqchip" 10 --irqchip --timeout 2 --cpus 3 "$G/hello64.elf"
	check "3 vCPUs, --irqchip: three greetings" greetings
	# a Multiboot image (kvm-unit-tests' boot): the information structure
	# gives its memory, its command line (name first) and its module;
	# its second vCPU waits for a startup IPI it never gets
	printf 'NR_CPUS=2\n' >"$T/mb.env"
	head -c 458753 /dev/zero >"$T/mb.big"
	mb_out="flags 0xd, mem_lower 640 KiB, mem_upper 15360 KiB
cmdline: $G/multiboot32.elf one two
1 module(s)
module: $T/mb.env, 10 bytes, page-aligned
NR_CPUS=2
done"
	run "Multiboot" 0 --no-check --mem 16M --cpus 2 --append "one two" \
		--initrd "$T/mb.env" "$G/multiboot32.elf"
	expect_out "Multiboot: what it was given, once" "$mb_out"
	run "Multiboot without a module" 0 --no-check --mem 16M "$G/multiboot32.elf"
	expect_out "Multiboot without a module: its name as its command line" \
		"flags 0xd, mem_lower 640 KiB, mem_upper 15360 KiB
cmdline: $G/multiboot32.elf
0 module(s)
done"
	# ... and starts its APs as kvm-unit-tests do: the count from
	# fw_cfg, INIT and a startup IPI through the in-kernel LAPIC
	for n in 3 1; do
		run "fw_cfg and startup IPIs, $n vCPUs" 0 --no-check --mem 16M \
			--timeout 20 --cpus $n "$G/fw_cfg_smp32.elf"
		expect_out "fw_cfg and startup IPIs, $n vCPUs: all checked in" \
			"fw_cfg: $n CPUs${NL}$((n - 1)) APs checked in"
	done
	# ... and its timers: a PIT unless --no-pit, on the 8259 as a BIOS
	# leaves it, and the LAPIC's
	run "timers" 0 --no-check --mem 16M --timeout 20 "$G/timers32.elf"
	expect_out "timers: the PIT counts through the 8259, the LAPIC timer interrupts" \
		"pit: counting${NL}pic: IRQ 0 at vector 0x8${NL}lapic timer: at least 3 interrupts at vector 0x40"
	run "timers, --no-pit" 0 --no-check --mem 16M --timeout 20 --no-pit \
		"$G/timers32.elf"
	expect_out "timers, --no-pit: no PIT, the LAPIC timer interrupts" \
		"pit: none${NL}lapic timer: at least 3 interrupts at vector 0x40"
	# CPUID features taken away by name (kvm-unit-tests' pcid entries)
	run "--cpuid-clear" 0 --cpuid-clear pcid,invpcid,x2apic "$G/hello64.elf"
	run "--cpuid-clear: an unknown feature" 2 --cpuid-clear pcid,avx9 \
		"$G/hello64.elf" && one_error_line "--cpuid-clear: an unknown feature"
	expect_err "--cpuid-clear: names it" "unknown feature 'avx9'"
	# ACPI S3 as kvm-unit-tests' s3 does it: a PC's tables name the PM
	# registers and the FACS; asleep until the RTC's alarm, awake in real
	# mode at the waking vector with RAM kept; the APs stop too
	s3_out="fadt: pm1a_evt 0x600, pm1a_cnt 0x604, pm_tmr 0x608, facs
pm timer: counts
suspending
resumed: the message in RAM survived"
	for n in 1 2; do
		run "S3, $n vCPUs" 0 --no-check --mem 16M --timeout 20 --cpus $n \
			"$G/s332.elf"
		expect_out "S3, $n vCPUs: asleep, then awake at the waking vector" \
			"$s3_out"
	done
	# hostile: no wake event (asleep until --timeout); a waking vector
	# real mode cannot reach (one error line, status 11)
	run "S3 without a wake event" 10 --no-check --mem 16M --timeout 3 \
		--append no-wake "$G/s332.elf"
	run "S3, a waking vector above 1 MiB" 11 --no-check --mem 16M \
		--timeout 20 --append bad-vector "$G/s332.elf" &&
		one_error_line "S3, a waking vector above 1 MiB"
	# QEMU's pc-testdev, only when asked for
	run "pc-testdev" 0 --pc-testdev "$G/pc_testdev64.elf"
	expect_out "pc-testdev: scratch and iomem hold what was written" \
		"scratch 0x12345678, byte 2 0x34, iomem 0xcafe5a0d"
	run "pc-testdev: off by default" 0 "$G/pc_testdev64.elf"
	expect_out "pc-testdev: off by default: nothing there" \
		"scratch 0xffffffff, byte 2 0xff, iomem 0xffffffff"
	run "Multiboot: module too large" 3 --mem 16M --initrd "$T/mb.big" \
		"$G/multiboot32.elf" && one_error_line "Multiboot: module too large"
	run "--initrd without a kernel or Multiboot" 2 --initrd "$T/mb.env" \
		"$G/hello32.elf" && one_error_line "--initrd without a kernel or Multiboot"
	run "2 vCPUs in real mode" 2 --cpus 2 "$G/hello16.elf" &&
		one_error_line "2 vCPUs in real mode"
	run "arm64-only option" 2 --no-hide-seek "$G/hello64.elf" &&
		one_error_line "arm64-only option"
	run "triple fault" 5 "$G/triple64.elf"
	expect_err "triple fault report" 'KVM_EXIT_SHUTDOWN.*rip|rip [0-9a-f]+'
	# QEMU's isa-debug-exit, real mode: mov al, 0x15; out 0xf4, al; hlt
	printf '\260\025\346\364\364' >"$T/dbgexit.bin"
	run "isa-debug-exit: (0x15 << 1) | 1" 43 --isa-debug-exit --stats=json \
		--stats-file "$T/dx.json" "$T/dbgexit.bin"
	check "isa-debug-exit: its exit counted" \
		'[ "$(jv exits.by_device.isa-debug-exit.count $T/dx.json)" = 1 ]'
	# without the option the port is unclaimed: the guest halts, no 42
	run "isa-debug-exit: off by default" 1 "$T/dbgexit.bin"
	# as kvm-unit-tests writes it, 4 bytes: mov eax, 0x7f; out 0xf4, eax
	printf '\146\270\177\000\000\000\146\347\364\364' >"$T/dbgexit4.bin"
	run "isa-debug-exit: 4 bytes, (0x7f << 1) | 1" 255 --isa-debug-exit "$T/dbgexit4.bin"
elif [ "$arch" = arm64 ]; then
	run "x86-only option" 2 --mode long "$G/hello.elf" && one_error_line "x86-only option"
	run "x86-only device" 2 --isa-debug-exit "$G/hello.elf" &&
		one_error_line "x86-only device"
	# secondary vCPUs start powered off (PSCI CPU_ON starts them): a bare
	# guest that never calls it runs on vCPU 0 alone
	run "2 vCPUs, bare guest" 0 --cpus 2 --stats=json --stats-file "$T/c2.json" "$G/hello.elf"
	expect_out "2 vCPUs, bare guest: one greeting" "Hello, world!"
	check "2 vCPUs, bare guest: both created" '[ "$(jv vcpus $T/c2.json)" = 2 ]'
	# a flat binary booted as a kernel (kvm-unit-tests' images): the
	# device tree in x0; as a bare guest, nothing there
	run "--flat-kernel" 0 --flat-kernel --mem 16M "$G/flat_kernel.bin"
	expect_out "--flat-kernel: the device tree in x0" "device tree in x0"
	run "flat binary, bare" 0 --no-check --mem 16M "$G/flat_kernel.bin"
	expect_out "flat binary, bare: no device tree" "no device tree in x0"
	run "--flat-kernel: not an ELF file" 2 --flat-kernel "$G/hello.elf" &&
		one_error_line "--flat-kernel: not an ELF file"
	run "--flat-kernel: RAM too small" 3 --flat-kernel "$G/flat_kernel.bin" &&
		one_error_line "--flat-kernel: RAM too small"
	# the vGIC's version: v3, or v2 where the host GIC can emulate one
	run "vGICv3" 0 --irqchip "$G/gic.elf"
	expect_out "vGICv3: its distributor says so, no ITS" "gic: v3${NL}its: none"
	run "--gic v3-its" 0 --irqchip --gic v3-its "$G/gic.elf"
	expect_out "--gic v3-its: KVM's ITS answers" "gic: v3${NL}its: yes"
	# shellcheck disable=SC2086 # RUN_WRAP: a command and its arguments
	timeout -k 5 30 $RUN_WRAP "$KVMINI" --irqchip --gic v2 "$G/gic.elf" \
		</dev/null >"$T/out" 2>"$T/err"
	gst=$?
	if [ "$gst" -eq 0 ]; then
		expect_out "--gic v2: its distributor says so" "gic: v2${NL}its: none"
	else
		check "--gic v2: no vGICv2 in this KVM: status 4, one line" \
			'[ "$gst" -eq 4 ] && grep -q "KVM_CREATE_DEVICE (vGICv2)" "$T/err" &&
			 [ "$(wc -l <"$T/err")" -eq 1 ]'
	fi
	run "--gic v4" 2 --gic v4 "$G/gic.elf" && one_error_line "--gic v4"
	# KVM's PMUv3 only when asked for, where KVM has one (the arm64 lab's
	# kernel gives it none)
	# shellcheck disable=SC2086 # RUN_WRAP: a command and its arguments
	timeout -k 5 30 $RUN_WRAP "$KVMINI" --pmu "$G/pmu.elf" \
		</dev/null >"$T/out" 2>"$T/err"
	gst=$?
	if [ "$gst" -eq 0 ]; then
		check "--pmu: a PMUv3 whose cycle counter counts" \
			'grep -qx "pmu: PMUv3, .*event counters, cycles counted" "$T/out"'
	else
		check "--pmu: no PMU in this KVM: status 4, one line" \
			'[ "$gst" -eq 4 ] && grep -q "KVM_CAP_ARM_PMU_V3" "$T/err" &&
			 [ "$(wc -l <"$T/err")" -eq 1 ]'
	fi
	run "no --pmu" 0 "$G/pmu.elf"
	expect_out "no --pmu: none" "pmu: none"
fi

# the GDB stub, driven by the real GDB and a hostile client
if group gdb; then
	if [ -f "$here/gdb.sh" ]; then
		GDB=${GDB:-gdb}
		# shellcheck source=tests/integration/gdb.sh
		. "$here/gdb.sh"
	else
		echo "skip gdb: no gdb.sh beside run.sh"
	fi
fi

summary "$label"
