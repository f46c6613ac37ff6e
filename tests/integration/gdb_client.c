// SPDX-License-Identifier: GPL-2.0
/*
 * A small GDB remote-protocol client for kvmini's stub (--gdb): the
 * packets a real GDB never sends (bad checksums, lengths, addresses,
 * register and thread numbers), then Ctrl-C and kill, each answer
 * checked. Static C, so that it runs where no GDB does (the lab, the
 * arm64 emulated host).
 *
 * Usage: gdb_client PORT   (kvmini --gdb tcp:0 on 127.0.0.1, its guest
 * running for ever, e.g. spin64.elf). Prints "ok   NAME" or "FAIL NAME"
 * per check; exits 1 if any failed, 2 if it could not talk at all.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAX_REPLY	65536
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int sock;
static int failed;
static char reply[MAX_REPLY];

static void check(const char *name, bool good, const char *detail)
{
	if (good) {
		printf("ok   %s\n", name);
		return;
	}
	failed++;
	printf("FAIL %s%s%.60s\n", name, detail ? ": " : "",
	       detail ? detail : "");
}

static void die(const char *what)
{
	printf("FAIL gdb_client: %s\n", what);
	exit(2);
}

static void send_raw(const void *buf, size_t len)
{
	if (write(sock, buf, len) != (ssize_t)len)
		die("write");
}

static void send_packet(const char *data)
{
	unsigned int sum = 0;
	char tail[4];
	size_t i;

	for (i = 0; data[i]; i++)
		sum += (unsigned char)data[i];
	send_raw("$", 1);
	send_raw(data, i);
	snprintf(tail, sizeof(tail), "#%02x", sum & 0xff);
	send_raw(tail, 3);
}

/* The next byte from the stub; -1 at the end, -2 on a timeout. */
static int byte(void)
{
	unsigned char c;
	ssize_t n = read(sock, &c, 1);

	if (n == 1)
		return c;
	return n ? -2 : -1;
}

/* The next packet's data into reply, acknowledged; 0, or -1. */
static int get_packet(void)
{
	unsigned int sum = 0, want;
	char hex[3] = { 0 };
	size_t n = 0;
	int c;

	do {
		c = byte();
		if (c < 0)
			return -1;
	} while (c != '$');
	for (;;) {
		c = byte();
		if (c < 0)
			return -1;
		if (c == '#')
			break;
		if (n + 1 >= sizeof(reply))
			die("a reply longer than PacketSize");
		reply[n++] = (char)c;
		sum += (unsigned int)c;
	}
	reply[n] = 0;
	hex[0] = (char)byte();
	hex[1] = (char)byte();
	if (sscanf(hex, "%2x", &want) != 1 || want != (sum & 0xff))
		die("a bad checksum from the stub");
	send_raw("+", 1);
	return 0;
}

/* Sends data; its acknowledgement, and the reply if it was '+'. */
static int ask(const char *data)
{
	int ack;

	send_packet(data);
	ack = byte();
	if (ack == '+' && get_packet() < 0)
		return -1;
	return ack;
}

static bool is_error_or_empty(void)
{
	return !reply[0] || reply[0] == 'E';
}

static void connect_to(const char *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct timeval tv = { .tv_sec = 20 };
	char *end;
	long p = strtol(port, &end, 10);

	if (!*port || *end || p <= 0 || p > 65535)
		die("usage: gdb_client PORT");
	sa.sin_port = htons((uint16_t)p);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sock = socket(AF_INET, SOCK_STREAM, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&sa, sizeof(sa)))
		die("cannot connect");
	/* a stub that stops answering fails the test, not hangs it */
	setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

int main(int argc, char **argv)
{
	static const char *const hostile[] = {
		"mffffffffffffff00,200", "m0,zz", "mzz,4", "M0,4:zz",
		"Mffffffffffffffff,2:0000", "X0,10:ab", "p999", "pzz",
		"P999=00", "Hg99", "Hgzz", "Tzz", "T99", "Z0,zz,1", "Z9,0,1",
		"qXfer:features:read:x:0,10", "G00", "vCont;q", "qRcmd,zz",
	};
	static char big[5001];
	char name[96];
	unsigned int i;
	int ack;

	if (argc != 2)
		die("usage: gdb_client PORT");
	connect_to(argv[1]);
	/* a well-formed exchange first, as GDB starts one */
	ack = ask("qSupported:swbreak+;hwbreak+");
	check("qSupported answered", ack == '+' && strstr(reply, "PacketSize="),
	      reply);
	ack = ask("?");
	check("stopped on attach (?)", ack == '+' && reply[0] == 'T', reply);

	/* framing: a bad checksum and a packet over PacketSize get '-' */
	send_raw("$g#00", 5);
	check("bad checksum: '-'", byte() == '-', NULL);
	big[0] = 'm';
	memset(big + 1, '0', sizeof(big) - 2);
	send_packet(big);
	check("too long: '-'", byte() == '-', NULL);

	/* every field checked: each an error or empty reply, never a crash */
	for (i = 0; i < ARRAY_SIZE(hostile); i++) {
		ack = ask(hostile[i]);
		snprintf(name, sizeof(name), "%s: an error or empty reply",
			 hostile[i]);
		check(name, ack == '+' && is_error_or_empty(), reply);
	}
	ack = ask("g");
	check("g still answers", ack == '+' && strlen(reply) > 16 &&
	      strspn(reply, "0123456789abcdefx") == strlen(reply), reply);

	/* run, then Ctrl-C: a SIGINT stop reply naming a thread */
	send_packet("c");
	check("c acknowledged", byte() == '+', NULL);
	send_raw("\x03", 1);
	check("Ctrl-C: T02 with the thread", get_packet() == 0 &&
	      !strncmp(reply, "T02", 3) && strstr(reply, "thread:"), reply);

	/* kill: the run ends, and the connection with it */
	send_packet("k");
	byte();			/* its '+' */
	check("kill: the connection closed", byte() == -1, NULL);
	close(sock);
	return failed ? 1 : 0;
}
