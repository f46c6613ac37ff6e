// SPDX-License-Identifier: GPL-2.0
/*
 * The console's input thread and its terminal, with this machine's
 * console UART (the row of its table whose class takes input) and a
 * pseudo-terminal as stdin, each case in a child process: it owns its
 * stdin, stdout and signal dispositions, and may be ended by a signal.
 */
#include <pthread.h>
#include <pty.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <cmocka.h>

#include "board.h"
#include "child.h"
#include "device_fixture.h"

#include "devices/console.h"
#include "devices/device.h"
#include "status.h"
#include "vm.h"

/* the machine's console: the device that takes input */
static struct fx *console_fx(void)
{
	const struct device_row *r;
	const struct device_class *c;

	for (r = machine_devices; r->class_name; r++) {
		c = device_class_find(r->class_name);
		if (c && c->input)
			return fx_new(r->class_name);
	}
	fail_msg("no console with input in this machine's table");
	return NULL;
}

/*
 * stdout closed under kvmini (a pipe whose reader exited) while the
 * terminal is raw: SIGPIPE restores the terminal, says so in one line
 * and ends kvmini by that signal.
 */
static void test_sigpipe(void **state)
{
	struct termios before, after;
	struct fx *f = console_fx();
	struct child c;
	int master, slave, out[2];
	char msg[256];

	(void)state;
	assert_int_equal(openpty(&master, &slave, NULL, NULL, NULL), 0);
	assert_int_equal(tcgetattr(slave, &before), 0);
	assert_true(before.c_lflag & ICANON);
	assert_int_equal(pipe(out), 0);
	close(out[0]);			/* the reader has gone */
	if (child_fork(&c, slave)) {
		if (dup2(out[1], STDOUT_FILENO) < 0)
			_exit(127);
		console_catch_sigpipe();
		if (!console_input_start(&f->vm, &f->dm.dev[0]))
			_exit(126);
		console_write(stdout, "guest\n", 6);
		_exit(125);		/* the write went through? */
	}
	close(out[1]);
	child_wait(&c, msg, sizeof(msg));
	assert_true(WIFSIGNALED(c.status));
	assert_int_equal(WTERMSIG(c.status), SIGPIPE);
	assert_int_equal(tcgetattr(slave, &after), 0);
	assert_int_equal(after.c_lflag, before.c_lflag);
	assert_int_equal(after.c_iflag, before.c_iflag);
	assert_string_equal(msg, "kvmini: SIGPIPE: the output was closed (its reader exited): ending the run\n");
	close(master);
	close(slave);
	fx_free(f);
}

/* what a pipe carries in test_pipe_input_waits: more than kvmini holds */
#define PIPE_TOTAL	(CONSOLE_PENDING_MAX * 2 + 1000)

/*
 * A console whose guest takes `budget` more bytes (none: a driver that
 * never turns its receiver on); what it took, in order, in got. Each
 * call is counted and wakes a waiting test.
 */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t budget, calls;
	uint8_t got[PIPE_TOTAL];
	size_t nr_got;
	int room_fd;
} con = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

static size_t con_input(void *state, const uint8_t *buf, size_t n,
		       int room_fd)
{
	size_t took;

	(void)state;
	pthread_mutex_lock(&con.lock);
	took = n < con.budget ? n : con.budget;
	if (took > sizeof(con.got) - con.nr_got)
		took = sizeof(con.got) - con.nr_got;
	memcpy(con.got + con.nr_got, buf, took);
	con.nr_got += took;
	con.budget -= took;
	con.room_fd = room_fd;
	con.calls++;
	pthread_cond_broadcast(&con.cond);
	pthread_mutex_unlock(&con.lock);
	return took;
}

static const struct device_class con_class = {
	.name = "test console",
	.input = con_input,
};

/* Waits (10 s at most, by the child's alarm) for calls to the hook. */
static void wait_calls(size_t calls)
{
	pthread_mutex_lock(&con.lock);
	while (con.calls < calls)
		pthread_cond_wait(&con.cond, &con.lock);
	pthread_mutex_unlock(&con.lock);
}

/* The guest makes room for n more bytes, as a UART's read does. */
static void make_room(size_t n)
{
	int fd;

	pthread_mutex_lock(&con.lock);
	con.budget += n;
	fd = con.room_fd;	/* the input thread sets it, under the lock */
	pthread_mutex_unlock(&con.lock);
	if (eventfd_write(fd, 1) < 0)
		_exit(124);
}

static int stopped[2];		/* a byte when the run is asked to stop */

static void on_stop(struct vm *vm)
{
	(void)vm;
	if (write(stopped[1], "", 1) < 0)
		_exit(123);
}

/* The child's status for a stop with status st: 40 + st. */
static int stop_status(struct vm *vm)
{
	char c;

	if (read(stopped[0], &c, 1) != 1)
		return 122;
	return 40 + vm_stop_status(vm);
}

/*
 * A guest that never turns its receiver on refuses the first key; Ctrl-A
 * x typed after it must still end the run: the thread goes on reading
 * the terminal while input waits. Keys beyond what kvmini holds are
 * dropped, with one line.
 */
static void test_escape_while_refused(void **state)
{
	static uint8_t junk[CONSOLE_PENDING_MAX + 4096];
	const struct device dev = { .cls = &con_class };
	struct console_input *ci;
	struct vm vm = { .kick_all = on_stop };
	char msg[512], want[512];
	int master, slave;
	struct child c;
	size_t done;
	ssize_t n;

	(void)state;
	assert_int_equal(openpty(&master, &slave, NULL, NULL, NULL), 0);
	assert_int_equal(pipe(stopped), 0);
	if (child_fork(&c, slave)) {
		ci = console_input_start(&vm, &dev);
		if (!ci)
			_exit(126);
		if (write(master, "ab", 2) != 2)
			_exit(121);
		wait_calls(1);		/* refused, the thread holds "ab" */
		/* more than kvmini holds: the rest is dropped */
		memset(junk, 'j', sizeof(junk));
		for (done = 0; done < sizeof(junk); done += (size_t)n) {
			n = write(master, junk + done, sizeof(junk) - done);
			if (n <= 0)
				_exit(120);
		}
		if (write(master, "\001x", 2) != 2)
			_exit(119);
		n = stop_status(&vm);
		console_input_stop(ci);
		/* the guest took nothing, and was offered input again */
		if (con.nr_got || con.calls < 2)
			_exit(118);
		_exit((int)n);
	}
	child_wait(&c, msg, sizeof(msg));
	assert_true(WIFEXITED(c.status));
	assert_int_equal(WEXITSTATUS(c.status), 40 + ST_OK);
	snprintf(want, sizeof(want),
		 "kvmini: console: the guest has not taken %d KiB of input: more keys are dropped (Ctrl-A x ends the run)\n"
		 "kvmini: Ctrl-A x: ending the run\n", CONSOLE_PENDING_MAX >> 10);
	assert_string_equal(msg, want);
	close(master);
	close(slave);
}

/*
 * From a pipe nothing is dropped: more than kvmini holds is written
 * while the guest refuses; kvmini stops reading when it holds
 * CONSOLE_PENDING_MAX bytes, and every byte goes in, in order, as the
 * guest makes room a little at a time.
 */
static void test_pipe_input_waits(void **state)
{
	static uint8_t data[PIPE_TOTAL];
	const struct device dev = { .cls = &con_class };
	struct console_input *ci;
	struct vm vm = { 0 };
	struct child c;
	char msg[512];
	size_t i, done;
	ssize_t n;
	int in[2];

	(void)state;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + i / 251);
	assert_int_equal(pipe(in), 0);
	if (child_fork(&c, in[0])) {
		close(in[1]);
		ci = console_input_start(&vm, &dev);
		if (!ci)
			_exit(126);
		wait_calls(1);		/* the first bytes, refused */
		pthread_mutex_lock(&con.lock);
		while (con.nr_got < sizeof(data)) {
			if (con.budget) {
				pthread_cond_wait(&con.cond, &con.lock);
				continue;
			}
			pthread_mutex_unlock(&con.lock);
			make_room(1000);
			pthread_mutex_lock(&con.lock);
		}
		pthread_mutex_unlock(&con.lock);
		console_input_stop(ci);
		_exit(memcmp(con.got, data, sizeof(data)) ? 118 : 0);
	}
	close(in[0]);
	signal(SIGPIPE, SIG_IGN);	/* a child that died: EPIPE, a failure */
	for (done = 0; done < sizeof(data); done += (size_t)n) {
		n = write(in[1], data + done, sizeof(data) - done);
		if (n <= 0)
			break;
	}
	signal(SIGPIPE, SIG_DFL);
	close(in[1]);		/* end of input changes nothing */
	child_wait(&c, msg, sizeof(msg));
	assert_true(WIFEXITED(c.status));
	assert_int_equal(WEXITSTATUS(c.status), 0);
	assert_string_equal(msg, "");
	assert_int_equal(done, sizeof(data));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigpipe),
		cmocka_unit_test(test_escape_while_refused),
		cmocka_unit_test(test_pipe_input_waits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
