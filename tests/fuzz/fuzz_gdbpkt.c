// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB remote protocol's framing (src/gdbpkt.c) on what a client may
 * send: the input is the byte stream itself. Each packet received is
 * framed again and must come back the same; each one's text also goes
 * through the hex helpers, as the packet handlers will use them.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gdbpkt.h"

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet_stdout();
	return 0;
}

static void round_trip(const struct gdb_rx *rx)
{
	static char frame[4 + 2 * GDB_PACKET_MAX];
	static struct gdb_rx again;
	size_t n, i;

	n = gdb_frame(frame, sizeof(frame), rx->data, rx->len);
	if (!n)
		abort();	/* 4 + 2 * len always fits */
	gdb_rx_init(&again);
	for (i = 0; i + 1 < n; i++)
		if (gdb_rx_byte(&again, (uint8_t)frame[i]) != GDB_RX_NONE)
			abort();
	if (gdb_rx_byte(&again, (uint8_t)frame[n - 1]) != GDB_RX_PACKET ||
	    again.len != rx->len || memcmp(again.data, rx->data, rx->len))
		abort();
}

static void hex_helpers(const struct gdb_rx *rx)
{
	static uint8_t bytes[GDB_PACKET_MAX / 2];
	static char text[GDB_PACKET_MAX + 1];
	const char *p = (const char *)rx->data;
	uint64_t v;
	long n;

	n = gdb_hex_decode(bytes, sizeof(bytes), p, rx->len);
	if (n >= 0 && (gdb_hex_encode(text, bytes, (size_t)n) != rx->len ||
		       strncasecmp(text, p, rx->len)))
		abort();
	while (*p && gdb_hex_u64(&p, &v) == 0 && *p)
		p++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gdb_rx rx;
	size_t i;

	gdb_rx_init(&rx);
	for (i = 0; i < size; i++) {
		if (gdb_rx_byte(&rx, data[i]) != GDB_RX_PACKET)
			continue;
		if (rx.len > GDB_PACKET_MAX || rx.data[rx.len])
			abort();
		round_trip(&rx);
		hex_helpers(&rx);
	}
	return 0;
}
