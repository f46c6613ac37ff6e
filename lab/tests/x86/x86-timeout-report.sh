# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# --timeout shows where a stuck guest waits, per vCPU: running or halted
# and KVM's mp_state, RIP and IF, its registers and stack words, the
# events KVM holds for it and its last exits to kvmini; with the in-kernel
# irqchip (a Linux guest) also the LAPIC, the PIC, IOAPIC and PIT. A Linux
# guest on kvmini's hardware-reduced ACPI platform uses its LAPIC (timer
# included) and the IOAPIC (COM1 on pin 4), never the PIC.
KVMINI=kvmini RUN_TIMEOUT=60
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
hex='0x[0-9a-f]*'
run "2 spinning vCPUs" 10 --cpus 2 --timeout 1 /lab/guests/spin64.elf
expect_err "the timeout line" '^kvmini: guest stopped: still running after 1 s \(--timeout\)$'
for v in 0 1; do
	expect_err "vcpu$v: running, where" \
		"^  vcpu$v: running \(mp_state RUNNABLE\), rip [0-9a-f]{16}, rflags $hex IF=0, long mode cpl 0$"
done
expect_err "no pending events" '^    events: none$'
expect_err "registers and stack words" '^    stack:$'
expect_err "no exits to kvmini" '^    exits to kvmini: 0$'
# a Linux guest whose init sleeps: it idles in hlt between timer ticks.
# It boots in 3 to 5 s; 20 s leaves room for a loaded host (8 s did not,
# once, under a kernel build: COM1's pin was still masked)
run "idle Linux guest" 10 --mem 256M --initrd /lab/guests/initrd.gz --timeout 20 \
	--append "quiet run=idle" /lab/guests/Image
# shellcheck disable=SC2016 # check evaluates its expression itself
check "Linux: up before the timeout" 'grep -qx IDLE-READY $T/out'
expect_err "Linux: vcpu0" \
	"^  vcpu0: (halted|running) \(mp_state (HALTED|RUNNABLE)\), rip [0-9a-f]{16}, rflags $hex IF=[01], long mode cpl [03]$"
expect_err "Linux: events" '^    events: '
expect_err "Linux: stack words" "^      ffff[0-9a-f]{12} [0-9a-f]{16} "
expect_err "Linux: LAPIC enabled" \
	'^    lapic( \(x2APIC\))?: irr [^,]*, isr [^,]*, tpr 0x[0-9a-f]{2}, enabled, lvt0 [^,]*, lvt1 '
expect_err "Linux: LAPIC timer" '^    lapic timer: '
expect_err "Linux: PIC" "^    pic: irr $hex imr $hex isr $hex base $hex; slave irr $hex imr $hex isr $hex$"
expect_err "Linux: IOAPIC, COM1's pin" "^    ioapic: irr $hex, unmasked: (.*, )?4->0x[0-9a-f]{2} edge"
expect_err "Linux: PIT" '^    pit: channel 0 '
expect_err "Linux: the last exits" '^    exits to kvmini: [1-9][0-9]*, the last \(oldest first\): '
summary x86-timeout-report
