// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB remote serial protocol's framing (gdbpkt.h). GDB's manual,
 * "Overview" of the remote protocol: the checksum covers the packet's
 * bytes as sent; binary data escapes '#', '$', '}' and '*' as '}' and
 * the byte XOR 0x20. GDB never run-length encodes what it sends, so a
 * '*' from it is data.
 */
#include <string.h>

#include "gdbpkt.h"

enum { IDLE, DATA, ESCAPE, SUM1, SUM2 };

static const char hexdig[] = "0123456789abcdef";

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void gdb_rx_init(struct gdb_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
	rx->state = IDLE;
}

static void put(struct gdb_rx *rx, uint8_t c)
{
	if (rx->len < GDB_PACKET_MAX)
		rx->data[rx->len] = c;
	rx->len++;	/* counts on past the end: GDB_RX_TOO_LONG */
}

enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t c)
{
	int v;

	switch (rx->state) {
	case IDLE:
		if (c == '$') {
			rx->state = DATA;
			rx->len = 0;
			rx->sum = 0;
			rx->bad = false;
		}
		return c == '+' ? GDB_RX_ACK : c == '-' ? GDB_RX_NAK :
		       c == 0x03 ? GDB_RX_INTERRUPT : GDB_RX_NONE;
	case DATA:
		if (c == '#') {
			rx->state = SUM1;
			return GDB_RX_NONE;
		}
		if (c == '$') {		/* a new packet: the old one is lost */
			rx->len = 0;
			rx->sum = 0;
			rx->bad = false;
			return GDB_RX_NONE;
		}
		rx->sum += c;
		if (c == '}')
			rx->state = ESCAPE;
		else
			put(rx, c);
		return GDB_RX_NONE;
	case ESCAPE:
		rx->sum += c;
		if (c == '#' || c == '$')	/* cannot be escaped: framing */
			rx->bad = true;
		put(rx, c ^ 0x20);
		rx->state = DATA;
		return GDB_RX_NONE;
	case SUM1:
		v = hexval(c);
		rx->want = (uint8_t)(v < 0 ? 0 : v << 4);
		rx->bad |= v < 0;
		rx->state = SUM2;
		return GDB_RX_NONE;
	default:	/* SUM2 */
		v = hexval(c);
		rx->want |= (uint8_t)(v < 0 ? 0 : v);
		rx->bad |= v < 0;
		rx->state = IDLE;
		if (rx->bad || rx->want != rx->sum)
			return GDB_RX_BAD;
		if (rx->len > GDB_PACKET_MAX)
			return GDB_RX_TOO_LONG;
		rx->data[rx->len] = '\0';
		return GDB_RX_PACKET;
	}
}

size_t gdb_frame(char *out, size_t size, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint8_t sum = 0;
	size_t n = 0, i;

	if (size < 4)
		return 0;
	out[n++] = '$';
	for (i = 0; i < len; i++) {
		uint8_t c = p[i];
		bool esc = c == '#' || c == '$' || c == '}' || c == '*';

		if (n + (esc ? 2 : 1) + 3 > size)
			return 0;
		if (esc) {
			out[n++] = '}';
			sum += '}';
			c ^= 0x20;
		}
		out[n++] = (char)c;
		sum += c;
	}
	out[n++] = '#';
	out[n++] = hexdig[sum >> 4];
	out[n++] = hexdig[sum & 0xf];
	return n;
}

long gdb_hex_decode(uint8_t *out, size_t size, const char *hex, size_t len)
{
	size_t i;
	int hi, lo;

	if (len % 2 || len / 2 > size)
		return -1;
	for (i = 0; i < len / 2; i++) {
		hi = hexval((uint8_t)hex[2 * i]);
		lo = hexval((uint8_t)hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(len / 2);
}

size_t gdb_hex_encode(char *out, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hexdig[p[i] >> 4];
		out[2 * i + 1] = hexdig[p[i] & 0xf];
	}
	out[2 * len] = '\0';
	return 2 * len;
}

int gdb_hex_u64(const char **s, uint64_t *val)
{
	const char *p = *s;
	uint64_t v = 0;
	int d, n = 0;

	while ((d = hexval((uint8_t)*p)) >= 0) {
		if (++n > 16)
			return -1;
		v = v << 4 | (uint64_t)d;
		p++;
	}
	if (!n)
		return -1;
	*s = p;
	*val = v;
	return 0;
}
