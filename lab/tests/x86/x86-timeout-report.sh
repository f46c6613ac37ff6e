# SPDX-License-Identifier: GPL-2.0
# --timeout shows where a stuck guest waits, per vCPU: running or halted
# and KVM's mp_state, RIP and IF, its registers and stack words, the
# events KVM holds for it and its last exits to kvmini; with the in-kernel
# irqchip (a Linux guest) also the LAPIC (disabled for Linux guests), the
# PIC, IOAPIC and PIT.
KVMINI=kvmini RUN_TIMEOUT=60
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
# a Linux guest whose init sleeps: it idles in hlt between timer ticks
run "idle Linux guest" 10 --mem 256M --initrd /lab/guests/initrd.gz --timeout 8 \
	--append "quiet rdinit=/bin/busybox -- sleep 1000" /lab/guests/Image
expect_err "Linux: vcpu0" \
	"^  vcpu0: (halted|running) \(mp_state (HALTED|RUNNABLE)\), rip [0-9a-f]{16}, rflags $hex IF=[01], long mode cpl [03]$"
expect_err "Linux: events" '^    events: '
expect_err "Linux: stack words" "^      ffff[0-9a-f]{12} [0-9a-f]{16} "
expect_err "Linux: LAPIC disabled" '^    lapic: disabled \(APIC_BASE 0xfee00100\)$'
expect_err "Linux: PIC" "^    pic: irr $hex imr $hex isr $hex base 0x30; slave irr $hex imr $hex isr $hex$"
expect_err "Linux: IOAPIC" "^    ioapic: irr $hex, all pins masked$"
expect_err "Linux: PIT" '^    pit: channel 0 '
expect_err "Linux: the last exits" '^    exits to kvmini: [1-9][0-9]*, the last \(oldest first\): '
summary x86-timeout-report
