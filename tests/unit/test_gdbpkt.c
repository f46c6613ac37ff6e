// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB remote protocol's framing (src/gdbpkt.c): packets as GDB sends
 * them, escapes, acknowledgements, Ctrl-C, and the bad input a client
 * may send (checksums, escapes, lengths), which must be reported and
 * never stored past the buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "gdbpkt.h"

/* feeds S (N bytes) and returns the last event */
static enum gdb_rx_event feed(struct gdb_rx *rx, const char *s, size_t n)
{
	enum gdb_rx_event ev = GDB_RX_NONE;
	size_t i;

	for (i = 0; i < n; i++) {
		ev = gdb_rx_byte(rx, (uint8_t)s[i]);
		if (i + 1 < n)
			assert_int_equal(ev, GDB_RX_NONE);
	}
	return ev;
}

#define FEED(rx, s) feed(rx, s, sizeof(s) - 1)

static void test_packet(void **state)
{
	struct gdb_rx rx;

	(void)state;
	gdb_rx_init(&rx);
	/* as GDB 13 sends it: g = 0x67, sum 0x67 */
	assert_int_equal(FEED(&rx, "$g#67"), GDB_RX_PACKET);
	assert_string_equal((char *)rx.data, "g");
	assert_int_equal(rx.len, 1);
	/* the checksum's digits in either case; an empty packet sums to 0 */
	assert_int_equal(FEED(&rx, "$vCont?#49"), GDB_RX_PACKET);
	assert_string_equal((char *)rx.data, "vCont?");
	assert_int_equal(FEED(&rx, "$#00"), GDB_RX_PACKET);
	assert_int_equal(rx.len, 0);
	assert_int_equal(FEED(&rx, "$m0,4#FD"), GDB_RX_PACKET);
}

static void test_bad_packets(void **state)
{
	struct gdb_rx rx;

	(void)state;
	gdb_rx_init(&rx);
	assert_int_equal(FEED(&rx, "$g#68"), GDB_RX_BAD);	/* checksum */
	assert_int_equal(FEED(&rx, "$g#6z"), GDB_RX_BAD);	/* a digit */
	assert_int_equal(FEED(&rx, "$g#z7"), GDB_RX_BAD);
	/* an escaped '#' or '$' cannot be: '}' then '#' ends the data */
	assert_int_equal(FEED(&rx, "$}#a0"), GDB_RX_NONE);
	gdb_rx_init(&rx);
	/* after a bad one, the next good packet is taken */
	assert_int_equal(FEED(&rx, "$g#00"), GDB_RX_BAD);
	assert_int_equal(FEED(&rx, "$g#67"), GDB_RX_PACKET);
	/* a '$' mid-packet starts over */
	assert_int_equal(FEED(&rx, "$mxx$g#67"), GDB_RX_PACKET);
	assert_string_equal((char *)rx.data, "g");
}

static void test_too_long(void **state)
{
	static char pkt[GDB_PACKET_MAX + 8];
	struct gdb_rx rx;
	size_t n;

	(void)state;
	gdb_rx_init(&rx);
	/* GDB_PACKET_MAX bytes fit ... */
	n = gdb_frame(pkt, sizeof(pkt), memset(rx.data, 'a', GDB_PACKET_MAX),
		      GDB_PACKET_MAX);
	assert_int_equal(n, GDB_PACKET_MAX + 4);
	assert_int_equal(feed(&rx, pkt, n), GDB_RX_PACKET);
	assert_int_equal(rx.len, GDB_PACKET_MAX);
	/* ... one more does not, and nothing is stored past the buffer */
	memset(pkt, 'a', sizeof(pkt));
	pkt[0] = '$';
	pkt[GDB_PACKET_MAX + 2] = '#';
	/* GDB_PACKET_MAX + 1 'a's: 0x61 * 4097 mod 256 = 0x61 */
	memcpy(pkt + GDB_PACKET_MAX + 3, "61", 2);
	assert_int_equal(feed(&rx, pkt, GDB_PACKET_MAX + 5), GDB_RX_TOO_LONG);
	assert_int_equal(FEED(&rx, "$g#67"), GDB_RX_PACKET);
}

static void test_between_packets(void **state)
{
	struct gdb_rx rx;

	(void)state;
	gdb_rx_init(&rx);
	assert_int_equal(gdb_rx_byte(&rx, '+'), GDB_RX_ACK);
	assert_int_equal(gdb_rx_byte(&rx, '-'), GDB_RX_NAK);
	assert_int_equal(gdb_rx_byte(&rx, 0x03), GDB_RX_INTERRUPT);
	assert_int_equal(gdb_rx_byte(&rx, 'x'), GDB_RX_NONE);
	/* inside a packet, 0x03 and '+' are data */
	assert_int_equal(FEED(&rx, "$\x03+#2e"), GDB_RX_PACKET);
	assert_int_equal(rx.len, 2);
	assert_int_equal(rx.data[0], 0x03);
}

/* every byte value framed, then received: the same bytes */
static void test_frame_round_trip(void **state)
{
	static char out[4 + 2 * 256];
	uint8_t all[256];
	struct gdb_rx rx;
	size_t n;
	int i;

	(void)state;
	for (i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	n = gdb_frame(out, sizeof(out), all, sizeof(all));
	assert_true(n > 0 && n <= sizeof(out));
	assert_null(memchr(out + 1, '#', n - 4));	/* escaped */
	assert_null(memchr(out + 1, '*', n - 4));
	gdb_rx_init(&rx);
	assert_int_equal(feed(&rx, out, n), GDB_RX_PACKET);
	assert_int_equal(rx.len, 256);
	assert_memory_equal(rx.data, all, 256);
	/* too small for the frame: nothing */
	assert_int_equal(gdb_frame(out, 3, "", 0), 0);
	assert_int_equal(gdb_frame(out, 5, "OK", 2), 0);
	assert_int_equal(gdb_frame(out, 6, "OK", 2), 6);
	assert_memory_equal(out, "$OK#9a", 6);
}

static void test_hex(void **state)
{
	uint8_t b[4];
	char s[9];
	const char *p;
	uint64_t v;

	(void)state;
	assert_int_equal(gdb_hex_decode(b, sizeof(b), "deadBEEF", 8), 4);
	assert_int_equal(b[0], 0xde);
	assert_int_equal(b[3], 0xef);
	assert_int_equal(gdb_hex_decode(b, sizeof(b), "abc", 3), -1);
	assert_int_equal(gdb_hex_decode(b, sizeof(b), "zz", 2), -1);
	assert_int_equal(gdb_hex_decode(b, sizeof(b), "0011223344", 10), -1);
	assert_int_equal(gdb_hex_encode(s, b, 4), 8);
	assert_string_equal(s, "deadbeef");

	p = "1f,4";
	assert_int_equal(gdb_hex_u64(&p, &v), 0);
	assert_int_equal(v, 0x1f);
	assert_string_equal(p, ",4");
	p = "ffffffffffffffff";
	assert_int_equal(gdb_hex_u64(&p, &v), 0);
	assert_true(v == UINT64_MAX);
	p = "10000000000000000";	/* 17 digits */
	assert_int_equal(gdb_hex_u64(&p, &v), -1);
	p = ",4";
	assert_int_equal(gdb_hex_u64(&p, &v), -1);
	assert_string_equal(p, ",4");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packet),
		cmocka_unit_test(test_bad_packets),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_between_packets),
		cmocka_unit_test(test_frame_round_trip),
		cmocka_unit_test(test_hex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
