// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <termios.h>
#include <unistd.h>

#include "compiler.h"
#include "console.h"
#include "devmgr.h"
#include "log.h"
#include "sandbox.h"
#include "status.h"
#include "vm.h"

#define ESCAPE		0x01	/* Ctrl-A, as QEMU and kvmtool */

void console_write(FILE *out, const void *buf, size_t len)
{
	/* several vCPUs may print at once: one locked write per call */
	flockfile(out);
	fwrite_unlocked(buf, 1, len, out);
	if (memchr(buf, '\n', len))
		fflush_unlocked(out);
	funlockfile(out);
}

void rx_fifo_init(struct rx_fifo *f)
{
	memset(f, 0, sizeof(*f));
	f->room_fd = -1;
}

static void wake(struct rx_fifo *f)
{
	if (f->refused && f->room_fd >= 0) {
		f->refused = false;
		if (eventfd_write(f->room_fd, 1) < 0)
			err_sys("eventfd_write");
	}
}

size_t rx_fifo_push(struct rx_fifo *f, const uint8_t *buf, size_t n,
		    int room_fd)
{
	size_t i;

	f->room_fd = room_fd;
	for (i = 0; f->listening && i < n && f->tail - f->head < RX_FIFO_SIZE; i++)
		f->buf[f->tail++ % RX_FIFO_SIZE] = buf[i];
	f->refused = i < n;
	return i;
}

/* what the FIFO holds is hidden while the guest does not listen */
bool rx_fifo_empty(const struct rx_fifo *f)
{
	return !f->listening || f->head == f->tail;
}

uint8_t rx_fifo_pop(struct rx_fifo *f)
{
	uint8_t c;

	if (rx_fifo_empty(f))
		return 0;
	c = f->buf[f->head++ % RX_FIFO_SIZE];
	wake(f);
	return c;
}

void rx_fifo_listen(struct rx_fifo *f, bool on)
{
	f->listening = on;
	if (on)
		wake(f);
}

struct console_input {
	struct vm *vm;
	const struct device *con;
	pthread_t thread;
	int stop_fd, room_fd;
	bool tty;
	bool escape;		/* Ctrl-A seen */
	bool dropped;		/* keys were dropped, and it was said */
	/* what the guest has not taken yet: [head, tail) */
	size_t head, tail;
	uint8_t pending[CONSOLE_PENDING_MAX];
};

/* The terminal as it was, for every way out of kvmini. */
static struct termios saved_tio;
static sig_atomic_t tio_saved;	/* set before any handler runs */

static void restore_tty(void)
{
	if (tio_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
}

void console_restore_tty(void)
{
	restore_tty();
}

static void restore_and_reraise(int sig)
{
	restore_tty();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* All of s on stderr, as far as it goes; async-signal-safe. */
static void say(const char *s, size_t len)
{
	ssize_t n;

	while (len && (n = write(STDERR_FILENO, s, len)) > 0) {
		s += n;
		len -= (size_t)n;
	}
}

/*
 * A write to a pipe whose reader exited: the default action would end
 * kvmini silently with the terminal still raw. Any thread may get it
 * (vCPUs print); the first says it, once.
 */
static void output_closed(int sig)
{
	static const char msg[] =
		"kvmini: SIGPIPE: the output was closed (its reader exited): ending the run\n";
	static int said;

	restore_tty();
	if (!__atomic_exchange_n(&said, 1, __ATOMIC_ACQ_REL))
		say(msg, sizeof(msg) - 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

void console_catch_sigpipe(void)
{
	signal(SIGPIPE, output_closed);
}

static int raw_mode(void)
{
	static const int sigs[] = { SIGTERM, SIGHUP, SIGQUIT, SIGINT, SIGABRT };
	struct termios t;
	unsigned int i;

	if (tcgetattr(STDIN_FILENO, &saved_tio) < 0)
		return err_sys("tcgetattr");
	tio_saved = 1;
	atexit(restore_tty);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		signal(sigs[i], restore_and_reraise);
	t = saved_tio;
	/* bytes as typed, no echo, no signals from keys; output unchanged */
	t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
		       ICRNL | IXON);
	t.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) < 0)
		return err_sys("tcsetattr");
	return 0;
}

/* On a terminal: Ctrl-A x ends the run, Ctrl-A Ctrl-A sends Ctrl-A. */
static size_t unescape(struct console_input *ci, uint8_t *buf, size_t n)
{
	size_t i, out = 0;

	for (i = 0; i < n; i++) {
		if (ci->escape) {
			ci->escape = false;
			if (buf[i] == 'x') {
				restore_tty();
				err_msg("Ctrl-A x: ending the run");
				vm_request_stop(ci->vm, ST_OK);
				return out;
			}
		} else if (buf[i] == ESCAPE) {
			ci->escape = true;
			continue;
		}
		buf[out++] = buf[i];
	}
	return out;
}

/*
 * Holds n more bytes for the guest. From a pipe the thread reads no more
 * than there is room for; on a terminal it reads on while the guest
 * takes nothing, so that Ctrl-A x gets through, and drops the keys
 * beyond, saying so once.
 */
static void hold(struct console_input *ci, const uint8_t *buf, size_t n)
{
	size_t room;

	if (ci->head && ci->tail + n > CONSOLE_PENDING_MAX) {
		memmove(ci->pending, ci->pending + ci->head,
			ci->tail - ci->head);
		ci->tail -= ci->head;
		ci->head = 0;
	}
	room = CONSOLE_PENDING_MAX - ci->tail;
	if (n > room) {
		if (!ci->dropped)
			err_msg("console: the guest has not taken %d KiB of input: more keys are dropped (Ctrl-A x ends the run)",
				CONSOLE_PENDING_MAX >> 10);
		ci->dropped = true;
		n = room;
	}
	memcpy(ci->pending + ci->tail, buf, n);
	ci->tail += n;
}

static void *input_thread(void *arg)
{
	struct console_input *ci = arg;
	struct pollfd p[3] = { { ci->stop_fd, POLLIN, 0 } };
	size_t held, want, len;
	bool eof = false;
	uint8_t buf[256];
	eventfd_t v;
	ssize_t n;

	if (sandbox_enter(SANDBOX_CONSOLE_IN, "console input", NULL) < 0) {
		vm_request_stop(ci->vm, ST_HOST);
		return NULL;
	}
	for (;;) {
		held = ci->tail - ci->head;
		if (eof && !held)
			break;	/* EOF: the guest just gets no more */
		/*
		 * stdin while there is room (a terminal: always), room_fd
		 * while the guest refuses what is held (poll skips fd -1)
		 */
		want = CONSOLE_PENDING_MAX - held;
		if (ci->tty || want > sizeof(buf))
			want = sizeof(buf);
		p[1] = (struct pollfd){ eof || !want ? -1 : STDIN_FILENO,
					POLLIN, 0 };
		p[2] = (struct pollfd){ held ? ci->room_fd : -1, POLLIN, 0 };
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents)
			break;
		if (p[2].revents)
			eventfd_read(ci->room_fd, &v);
		if (p[1].revents) {
			n = read(STDIN_FILENO, buf, want);
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				eof = true;
			} else {
				len = (size_t)n;
				if (ci->tty)
					len = unescape(ci, buf, len);
				hold(ci, buf, len);
			}
		}
		if (ci->tail == ci->head)
			continue;
		ci->head += ci->con->cls->input(ci->con->state,
						ci->pending + ci->head,
						ci->tail - ci->head, ci->room_fd);
		if (ci->head == ci->tail)
			ci->head = ci->tail = 0;
	}
	return NULL;
}

struct console_input *console_input_start(struct vm *vm,
					  const struct device *con)
{
	struct console_input *ci;
	int err;

	if (!con || !con->cls->input)
		return NULL;
	ci = calloc(1, sizeof(*ci));
	if (!ci) {
		err_sys("calloc");
		return NULL;
	}
	ci->vm = vm;
	ci->con = con;
	ci->stop_fd = eventfd(0, EFD_CLOEXEC);
	ci->room_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (ci->stop_fd < 0 || ci->room_fd < 0) {
		err_sys("eventfd");
		goto fail;
	}
	ci->tty = isatty(STDIN_FILENO);
	if (ci->tty && raw_mode() < 0)
		goto fail;
	err = pthread_create(&ci->thread, NULL, input_thread, ci);
	if (!err)
		return ci;
	err_msg("cannot start the console input thread: %s", strerror(err));
	restore_tty();
fail:
	if (ci->stop_fd >= 0)
		close(ci->stop_fd);
	if (ci->room_fd >= 0)
		close(ci->room_fd);
	free(ci);
	return NULL;
}

void console_input_stop(struct console_input *ci)
{
	if (!ci)
		return;
	if (eventfd_write(ci->stop_fd, 1) < 0)
		err_sys("eventfd_write");
	pthread_join(ci->thread, NULL);
	restore_tty();
	close(ci->stop_fd);
	close(ci->room_fd);
	free(ci);
}
