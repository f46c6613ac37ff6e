/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest console, both ways. Output: the one way every device prints,
 * bytes to a stream (stdout) flushed at each newline, so that guest lines
 * come out whole and before kvmini's own messages on stderr. Input: a
 * UART's receive FIFO, and the thread that feeds it from stdin (raw mode
 * on a terminal, restored on every exit path; Ctrl-A x ends the run).
 */
#ifndef KVMINI_DEV_CONSOLE_H
#define KVMINI_DEV_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct device;
struct vm;

void console_write(FILE *out, const void *buf, size_t len);

#define RX_FIFO_SIZE	256

/*
 * Input the guest has not taken that the input thread holds; beyond it,
 * keys typed on a terminal are dropped (a pipe is simply not read).
 */
#define CONSOLE_PENDING_MAX	65536

/* A UART's receive FIFO, used under the UART's lock. */
struct rx_fifo {
	uint8_t buf[RX_FIFO_SIZE];
	unsigned int head, tail;	/* free-running */
	int room_fd;		/* the input thread's, signalled on room */
	bool refused;		/* a byte was refused: signal room_fd */
	bool listening;		/* the guest takes input (rx_fifo_listen) */
};

void rx_fifo_init(struct rx_fifo *f);
/* Takes up to n bytes; how many it took (room_fd: see above). */
size_t rx_fifo_push(struct rx_fifo *f, const uint8_t *buf, size_t n,
		    int room_fd);
bool rx_fifo_empty(const struct rx_fifo *f);
/* The oldest byte (0 when empty); wakes a refused writer. */
uint8_t rx_fifo_pop(struct rx_fifo *f);
/*
 * Refuses input (as if full) and hides what the FIFO holds (as if empty)
 * while the guest does not listen, i.e. has the receive interrupt off:
 * Linux reads stale characters away when it opens the port, and its
 * 8250 probe turns every interrupt on for a moment. Turning it on wakes
 * a refused writer.
 */
void rx_fifo_listen(struct rx_fifo *f, bool on);

struct console_input;

/*
 * Feeds stdin to the console device con (its class's input hook) until
 * console_input_stop(); NULL when there is nothing to read or it could
 * not start (a message says why).
 */
struct console_input *console_input_start(struct vm *vm,
					  const struct device *con);
void console_input_stop(struct console_input *ci);

/*
 * The terminal back as it was before raw mode (nothing if it was not
 * changed); async-signal-safe, for the seccomp SIGSYS handler.
 */
void console_restore_tty(void);

/*
 * SIGPIPE (stdout, or another output, closed by its reader) restores
 * the terminal, prints one line and ends kvmini by that signal.
 */
void console_catch_sigpipe(void);

#endif /* KVMINI_DEV_CONSOLE_H */
