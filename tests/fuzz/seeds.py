#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Writes the seed corpora of tests/fuzz/corpus/<target>/: a few valid
# inputs per target, in the encoding its harness decodes (see the
# comment at the top of each tests/fuzz/fuzz_<target>.c), so that
# fuzzing starts past the handshakes and headers. Run from anywhere;
# the files are kept in git, this only documents and remakes them.
import os
import struct

top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def put(target, name, data):
    d = os.path.join(top, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(bytes(data))


# simvirtio: flags, then ops (0 read, 1/2 write, 3 index, 4 send,
# 5 raw bytes, 6 device table, 7 poll, 8 handshake)
def sv_send(s):
    return bytes([4, len(s)]) + s


NOTIFY_TX = bytes([1, 5, 0, 1])      # write Q0_CTL = NOTIFY
NOTIFY_RX = bytes([1, 6, 0, 1])      # write Q1_CTL = NOTIFY
put("simvirtio", "handshake-tx",
    b"\0" + bytes([8]) + sv_send(b"Ana are mere\n") + NOTIFY_TX +
    NOTIFY_RX + bytes([0, 2, 0, 3]))
put("simvirtio", "polling", b"\1" + bytes([8]) + sv_send(b"hi\n") +
    bytes([7, 7]))
put("simvirtio", "reset-and-table",
    b"\0" + bytes([8]) + bytes([6, 0, 3, 1, 1]) + sv_send(b"RRC") +
    NOTIFY_TX + bytes([1, 3, 0, 0x80]))

# virtio: device (0 rng, 1 blk, 2 net; bit 7: read-only disk), then ops
# (2 bring-up: queue, features u32, place, log2 size, full; 3 descriptor:
# queue, index, mode, addr u16, len u16, flags u8, next u8; 5 offer:
# queue, head; 8 blk request: mode, sector, index, data sectors;
# 9 net frame: len u16, bytes; 10 drain; 11 ack; 0xf8 the notifier: mode
# (0x80 a polling pass, bit 0 notifications back on; else the queues
# whose kicks it wakes on))
def bring_up(q, size_log2=3, feat=0xffffffff):
    return bytes([2, q]) + struct.pack("<I", feat) + \
        bytes([q * 2 + 1, size_log2, 1])


def vdesc(q, i, addr, length, flags, nxt):
    return bytes([3, q, i, 0]) + struct.pack("<HH", addr, length) + \
        bytes([flags, nxt])


def voffer(q, head):
    return bytes([5, q, head])


put("virtio", "rng", bytes([0]) + bring_up(0) +
    vdesc(0, 0, 0xc000, 64, 3, 1) + vdesc(0, 1, 0xc040, 64, 2, 0) +
    voffer(0, 0) + bytes([11]) + vdesc(0, 2, 0xc100, 16, 2, 0) +
    voffer(0, 2))
POLL, POLL_IDLE = bytes([0xf8, 0x80]), bytes([0xf8, 0x81])
put("virtio", "rng-notifier", bytes([0]) + bring_up(0) + POLL +
    vdesc(0, 0, 0xc000, 64, 2, 0) + bytes([5, 0x40, 0]) + POLL + POLL_IDLE +
    vdesc(0, 1, 0xc040, 32, 2, 0) + bytes([5, 0x40, 1]) + bytes([0xf8, 1]) +
    bytes([0xf8, 0]))
put("virtio", "blk", bytes([1]) + bring_up(0) +
    bytes([8, 0, 3, 0, 2]) + bytes([8, 1, 5, 3, 1]) +
    bytes([8, 2, 0, 0, 0]) + bytes([8, 3, 0, 6, 1]) + bytes([11]))
put("virtio", "blk-ro", bytes([0x81]) + bring_up(0) +
    bytes([8, 1, 5, 0, 1]) + bytes([8, 0, 63, 0, 2]))
frame = b"\xff" * 6 + b"\x52\x54\x00\x12\x34\x56\x08\x00" + b"x" * 46
put("virtio", "net", bytes([2]) + bring_up(0) + bring_up(1) +
    vdesc(0, 0, 0xc000, 2048, 2, 0) + voffer(0, 0) +
    bytes([9]) + struct.pack("<H", len(frame)) + frame +
    vdesc(1, 0, 0xd000, 12 + len(frame), 0, 0) +
    bytes([6]) + struct.pack("<H", 0xd00c) + bytes([len(frame)]) + frame +
    voffer(1, 0) + bytes([10, 11]))

# legacy: ops (0/1 device access: device, mode, offset u16, value;
# 2 console input: uart, len, bytes; 3 any port)
def dev_write(dev, off, val):
    return bytes([0, dev, 0x01]) + struct.pack("<H", off) + bytes([val])


def dev_read(dev, off):
    return bytes([0, dev, 0x00]) + struct.pack("<H", off)


put("legacy", "serial", dev_write(1, 3, 0x80) + dev_write(1, 0, 1) +
    dev_write(1, 3, 0x03) + dev_write(1, 1, 0x01) + dev_write(1, 0, 0x41) +
    bytes([2, 1, 3]) + b"abc" + dev_read(1, 5) + dev_read(1, 0) +
    dev_read(1, 2))
put("legacy", "pl011", dev_write(5, 0x38, 0x10) + dev_write(5, 0, 0x41) +
    bytes([2, 0, 2]) + b"hi" + dev_read(5, 0x18) + dev_read(5, 0) +
    dev_read(5, 0x40) + dev_write(5, 0x44, 0xff))
put("legacy", "pc", dev_write(0, 0, 0x41) + dev_write(3, 0, 0x0a) +
    dev_read(3, 1) + dev_write(3, 0, 0x8b) + dev_read(3, 1) +
    dev_write(2, 4, 0x20) + dev_read(2, 0) + dev_read(2, 4) +
    dev_write(2, 4, 0x60) + dev_write(2, 0, 0x47) + dev_write(2, 4, 0xfe))
put("legacy", "debug-exit", dev_write(4, 0, 0x10) + dev_write(6, 0, 0))
# pc-testdev (device 8): the scratch register, an IRQ line up and down
put("legacy", "pc-testdev", dev_write(8, 0, 0x5a) + dev_read(8, 0) +
    dev_write(8, 0x2000 - 0xe0 + 4, 1) + dev_write(8, 0x2000 - 0xe0 + 4, 0))
# fw-cfg (device 7): the CPU count, byte by byte, and the RAM size
put("legacy", "fw-cfg", dev_write(7, 0, 5) + dev_read(7, 1) + dev_read(7, 1) +
    dev_write(7, 0, 3) + b"".join(dev_read(7, 1) for _ in range(9)))

# loader: options (bits 0-1 RAM, 2 --append, 3 initrd, 4 with 3: placed
# anywhere), --mode, [initrd length u16], image, initrd
def elf(cls, machine, entry, segs, note_mode=None):
    """ET_EXEC ELF, little-endian: PT_LOAD (paddr, bytes) and a note"""
    is64 = cls == 2
    ehsize, phsize = (64, 56) if is64 else (52, 32)
    nph = len(segs) + (1 if note_mode is not None else 0)
    off = ehsize + nph * phsize
    body = b""
    phdrs = b""
    for paddr, data in segs:
        fields = (1, off + len(body), paddr, paddr, len(data), len(data) + 16)
        if is64:
            phdrs += struct.pack("<IIQQQQQQ", 1, 7, fields[1], paddr, paddr,
                                 fields[4], fields[5], 0x1000)
        else:
            phdrs += struct.pack("<IIIIIIII", 1, fields[1], paddr, paddr,
                                 fields[4], fields[5], 7, 0x1000)
        body += data
    if note_mode is not None:
        note = struct.pack("<III", 7, 4, 1) + b"kvmini\0\0" + \
            struct.pack("<I", note_mode)
        if is64:
            phdrs += struct.pack("<IIQQQQQQ", 4, 4, off + len(body), 0, 0,
                                 len(note), len(note), 4)
        else:
            phdrs += struct.pack("<IIIIIIII", 4, off + len(body), 0, 0,
                                 len(note), len(note), 4, 4)
        body += note
    ident = b"\x7fELF" + bytes([cls, 1, 1]) + b"\0" * 9
    if is64:
        eh = ident + struct.pack("<HHIQQQIHHHHHH", 2, machine, 1, entry,
                                 ehsize, 0, 0, ehsize, phsize, nph, 64, 0, 0)
    else:
        eh = ident + struct.pack("<HHIIIIIHHHHHH", 2, machine, 1, entry,
                                 ehsize, 0, 0, ehsize, phsize, nph, 40, 0, 0)
    return eh + phdrs + body


code = b"\xb0\x41\xe6\xe9\xf4" * 4
put("loader", "elf64", bytes([0, 0]) +
    elf(2, 62, 0x10000, [(0x10000, code), (0x20000, b"data" * 8)]))
put("loader", "elf32-note", bytes([1, 0]) +
    elf(1, 3, 0x9000, [(0x9000, code)], note_mode=32))
put("loader", "elf64-note16", bytes([2, 0]) +
    elf(2, 62, 0x9000, [(0x9000, code)], note_mode=16))
put("loader", "flat", bytes([0, 1]) + code)


def bzimage(setup_sects=1, body=4096, init_size=0x10000, initrd_max=0):
    b = bytearray(512 * (setup_sects + 1) + body)
    b[0x1f1] = setup_sects
    struct.pack_into("<H", b, 0x1fe, 0xaa55)
    b[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", b, 0x206, 0x020f)       # boot protocol 2.15
    struct.pack_into("<I", b, 0x22c, initrd_max)   # initrd_addr_max
    struct.pack_into("<H", b, 0x236, 1)            # XLF_KERNEL_64
    struct.pack_into("<I", b, 0x238, 255)          # cmdline_size
    struct.pack_into("<I", b, 0x260, init_size)
    return bytes(b)


rd = b"070701" + b"0" * 104
put("loader", "bzimage", bytes([3 | 4, 0]) + bzimage())
put("loader", "bzimage-initrd", bytes([3 | 8, 3]) +
    struct.pack("<H", len(rd)) + bzimage(initrd_max=0x1fffff) + rd)
mb = struct.pack("<III", 0x1badb002, 3, (-(0x1badb002 + 3)) & 0xffffffff)
put("loader", "multiboot", bytes([3 | 4 | 8, 0]) + struct.pack("<H", 10) +
    elf(1, 3, 0x100000, [(0x100000, mb + code)]) + b"NR_CPUS=2\n")
put("loader", "initrd-anywhere", bytes([3 | 8 | 0x10 | 0x40, 0]) +
    struct.pack("<H", len(rd)) + code + rd)

# arm64 (bit 5 of the --mode byte, with twice the RAM; bit 6: a --mode
# too, which arm64 refuses): an AArch64 ELF, a flat binary, and Linux
# Images (text_offset, image_size), one with an initrd
def arm64_image(text_offset=0, image_size=0x10000, body=4096):
    b = bytearray(64 + body)
    struct.pack_into("<QQ", b, 8, text_offset, image_size)
    b[56:60] = b"ARM\x64"
    return bytes(b)


put("loader", "arm64-elf", bytes([0, 0x20]) +
    elf(2, 183, 0x40080000, [(0x40080000, code)]))
put("loader", "arm64-flat", bytes([1, 0x20]) + code)
put("loader", "arm64-image", bytes([2, 0x20]) + arm64_image())
put("loader", "arm64-image-initrd", bytes([3 | 8 | 0x10 | 0x80, 0x20]) +
    struct.pack("<H", len(rd)) + arm64_image(0x80000, 0) + rd)

# config: argv, NUL-separated
for name, args in [
    ("bare", ["-m", "64M", "--mode", "long", "-s", "--timeout", "5",
              "image.elf"]),
    ("linux", ["--cpus", "2", "--append", "quiet", "--initrd", "rd.cpio",
               "-m", "0x10000000", "--isa-debug-exit", "bzImage"]),
    ("devices", ["--disk", "a.img,ro", "--disk", "b.img", "--net",
                 "tap=kvm0,mac=52:54:00:12:34:56", "--no-ioeventfd",
                 "--stats=json", "--stats-file", "s.json"]),
    ("trace", ["-t", "t.txt", "--sample", "10", "--migrate", "5", "-p",
               "--rx", "hello", "--strict-io", "--no-check", "--",
               "img"]),
    ("arm64", ["--host-cpuid", "user", "--no-hide-seek", "--net", "fd=3",
               "--check-kvm"]),
]:
    put("config", name, b"\0".join(a.encode() for a in args))

# exits: reason index (0 IO, 1 MMIO, 2 HLT, 3 SYSTEM_EVENT, 4 SHUTDOWN,
# 5 FAIL_ENTRY, 6 INTERNAL_ERROR), options, then kvm_run from its union
put("exits", "io-out-string", bytes([0, 0x40]) +
    struct.pack("<BBHIQ", 1, 1, 0xe9, 3, 64) + b"\0" * 16 + b"abc")
put("exits", "io-in-serial", bytes([0, 2]) +
    struct.pack("<BBHIQ", 0, 1, 0x3fd, 1, 4096))
put("exits", "mmio-write", bytes([1, 0]) +
    struct.pack("<Q8sIB", 0x09000000, b"A\0\0\0\0\0\0\0", 4, 1))
put("exits", "mmio-unclaimed-strict", bytes([1, 1]) +
    struct.pack("<Q8sIB", 0xe0000000, b"\0" * 8, 4, 0))
put("exits", "system-event", bytes([3, 0]) + struct.pack("<IIQ", 2, 1, 0))
put("exits", "internal", bytes([6, 0]) +
    struct.pack("<II4Q", 1, 4, 1, 2, 3, 4))


# With option 4, KVM's answers for the --timeout report, in the order it
# asks: (8: the VM's saved first: 3 x KVM_GET_IRQCHIP, KVM_GET_PIT2),
# MP_STATE, REGS, SREGS, 48 x TRANSLATE (stack words), VCPU_EVENTS, then
# with the irqchip SREGS, LAPIC, [MSRS: TSC-deadline], and for vCPU 0
# the VM's state unless saved. Each answer: a byte (0xff: fails), data.
def ok(data):
    return b"\0" + data


def sregs(long_mode=True, apic_base=0xfee00800):
    b = bytearray(312)
    b[19] = 1 if long_mode else 0                   # cs.l
    struct.pack_into("<Q", b, 224, 0x80000011)       # cr0: PE, PG
    struct.pack_into("<Q", b, 264, 0x500 if long_mode else 0)  # LME, LMA
    struct.pack_into("<Q", b, 272, apic_base)
    return ok(bytes(b))


def regs(rip=0xffffffff81000a9d, rsp=0x8000, rflags=0x246):
    b = bytearray(144)
    struct.pack_into("<Q", b, 48, rsp)
    struct.pack_into("<QQ", b, 128, rip, rflags)
    return ok(bytes(b))


def lapic(timer_mode=2, irr=(), isr=()):
    b = bytearray(1024)
    struct.pack_into("<I", b, 0xf0, 0x1ff)           # SVR: enabled
    struct.pack_into("<I", b, 0x320, (timer_mode << 17) | 0xec)
    struct.pack_into("<I", b, 0x350, 0x700)          # LVT0 ExtINT
    struct.pack_into("<I", b, 0x360, 0x10400)        # LVT1 NMI, masked
    struct.pack_into("<II", b, 0x380, 0x10000, 0x1234)  # TMICT, TMCCT
    struct.pack_into("<I", b, 0x3e0, 0xb)            # divide by 1
    for base, vecs in ((0x200, irr), (0x100, isr)):
        for v in vecs:
            off = base + (v // 32) * 16
            w = struct.unpack_from("<I", b, off)[0] | 1 << (v % 32)
            struct.pack_into("<I", b, off, w)
    return ok(bytes(b))


def stack(words=48):
    return b"".join(ok(struct.pack("<BHB", 0, 0x8000 + i * 8, 1))
                    for i in range(words))


def vm_state():
    pic = bytearray(512)
    pic[0:4] = bytes([0x00, 0x01, 0xfb, 0x00])      # last_irr, irr, imr, isr
    ioapic = bytearray(512)
    struct.pack_into("<I", ioapic, 16, 0x10)         # irr: pin 4
    for pin in range(24):
        struct.pack_into("<Q", ioapic, 24 + pin * 8,
                         0x30 + pin if pin in (2, 4) else 1 << 16)
    pit = bytearray(112)
    pit[13] = 2                                      # channel 0: mode 2
    return ok(bytes(pic)) + ok(bytes(512)) + ok(bytes(ioapic)) + ok(bytes(pit))


def events():
    b = bytearray(64)
    b[0:4] = bytes([1, 14, 1, 0])                    # exception 14 injected
    return ok(bytes(b))


def state(answers):
    return struct.pack("<H", len(answers)) + answers


hlt = bytes([2])
put("exits", "wait-tsc-deadline", hlt + bytes([4 | 8]) + state(
    vm_state() + ok(struct.pack("<I", 3)) + regs() + sregs() + stack() +
    events() + sregs() + lapic(2, irr=(0xec, 0x31), isr=(0xef,)) + ok(b"") +
    struct.pack("<QQ", 5000, 1000) + b"\2"))
put("exits", "wait-oneshot-vcpu1", hlt + bytes([4 | 0x10]) + state(
    ok(struct.pack("<I", 0)) + regs() + sregs(False) + stack(4) +
    b"\xff" + events() + sregs() + lapic(0, irr=tuple(range(32, 48)))))
put("exits", "wait-vm-live", hlt + bytes([4]) + state(
    ok(struct.pack("<I", 3)) + regs() + sregs() + stack() + events() +
    sregs() + lapic(1) + vm_state()))


# gdbpkt: the byte stream a GDB client sends (acks, packets, Ctrl-C)
put("gdbpkt", "session", b"+$qSupported:multiprocess+;swbreak+#c2+$g#67"
    b"+$m1000,4#8d\x03+$X1000,2:}\x03}]#00$vCont;c#a8")

# gdbstub: a set-up byte (bits 0-1 vCPUs - 1, bit 2 arm64's brk, bit 3
# no optional operations), then packets as gdbpkt leaves them, each
# ended by '\n': a session as GDB 13 opens it, breakpoints, resuming
def gdb_session(cfg, packets):
    return bytes([cfg]) + b"".join(p + b"\n" for p in packets)


put("gdbstub", "session-x86", gdb_session(2, [
    b"qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;"
    b"fork-events+;vfork-events+;exec-events+;vContSupported+;"
    b"QThreadEvents+;no-resumed+;xmlRegisters=i386",
    b"vMustReplyEmpty", b"QStartNoAckMode", b"Hg0",
    b"qXfer:features:read:target.xml:0,ffb", b"qTStatus", b"?",
    b"qfThreadInfo", b"qsThreadInfo", b"qAttached", b"Hc-1", b"qC",
    b"qOffsets", b"qSymbol::", b"g", b"m1000,40", b"p10",
    b"P1=0011223344556677", b"Z0,1010,1", b"M100f,4:01020304",
    b"X1011,2:\x00\xff", b"m100c,8", b"vCont?", b"vCont;s:1;c", b"Hg2",
    b"G" + b"00" * 64, b"Z2,1200,4", b"Z3,1200,4", b"z2,1200,4",
    b"qRcmd,68656c70", b"T2", b"vCont;c:2", b"z0,1010,1", b"c", b"s",
    b"Z1,10ff,1", b"D"]))
put("gdbstub", "breakpoints-arm64", gdb_session(4 | 1, [
    b"qSupported:swbreak+", b"Z0,1000,4", b"Z0,1002,4", b"Z0,10fe,4",
    b"m1000,10", b"M1001,4:aabbccdd", b"z0,1000,4", b"X1003,1:\x7d",
    b"Z0,1002,4", b"vCont;S05:2;C0b", b"Z0,1200,4", b"k", b"m1000,8"]))
put("gdbstub", "minimal-target", gdb_session(8, [
    b"qSupported", b"qXfer:features:read:target.xml:0,ffb", b"p0",
    b"Z0,1000,1", b"Z1,1000,1", b"qRcmd,68656c70", b"m10f0,20",
    b"m1,ffffffffffffffff", b"c1000", b"?"]))
