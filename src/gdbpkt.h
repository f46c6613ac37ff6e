/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GDB remote serial protocol's framing, without I/O: packets
 * "$data#cc" (cc: the data's byte sum mod 256 in two hex digits), the
 * acknowledgements '+' and '-', and the interrupt byte 0x03 that GDB
 * sends for Ctrl-C. Every byte of the input is untrusted: a packet too
 * long, a bad checksum or a bad escape is reported, never stored past
 * its buffer.
 */
#ifndef KVMINI_GDBPKT_H
#define KVMINI_GDBPKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* what GDB is told in qSupported (PacketSize, hex) and kvmini accepts */
#define GDB_PACKET_MAX	4096

enum gdb_rx_event {
	GDB_RX_NONE,		/* mid-packet, or a byte between packets */
	GDB_RX_PACKET,		/* a whole packet: rx->data, rx->len */
	GDB_RX_BAD,		/* a bad checksum or escape: answer '-' */
	GDB_RX_TOO_LONG,	/* more than GDB_PACKET_MAX: answer '-' */
	GDB_RX_ACK,		/* '+' */
	GDB_RX_NAK,		/* '-': send the last packet again */
	GDB_RX_INTERRUPT,	/* 0x03 between packets: stop the guest */
};

struct gdb_rx {
	uint8_t data[GDB_PACKET_MAX + 1];	/* unescaped, NUL-terminated */
	size_t len;
	int state;		/* private to gdbpkt.c */
	uint8_t sum;		/* of the bytes as sent, escapes included */
	uint8_t want;		/* the checksum's digits as they come */
	bool bad;		/* an error seen inside this packet */
};

void gdb_rx_init(struct gdb_rx *rx);

/* Feeds one byte; a packet is whole when GDB_RX_PACKET comes back. */
enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t c);

/*
 * Frames LEN bytes of DATA as "$...#cc" into OUT (SIZE bytes, which
 * 4 + 2 * LEN always fits), escaping '#', '$', '}' and '*'. The frame's
 * length, or 0 if it does not fit.
 */
size_t gdb_frame(char *out, size_t size, const void *data, size_t len);

/* Hex digits to bytes: the byte count, or -1 on a bad digit or length. */
long gdb_hex_decode(uint8_t *out, size_t size, const char *hex, size_t len);

/* Bytes to hex digits (2 * LEN of them, NUL-terminated): OUT's length. */
size_t gdb_hex_encode(char *out, const void *data, size_t len);

/*
 * A hex number at *S, at most 16 digits, moving *S past it: 0, or -1
 * if *S does not start with a digit or the number is longer.
 */
int gdb_hex_u64(const char **s, uint64_t *val);

#endif /* KVMINI_GDBPKT_H */
