// SPDX-License-Identifier: GPL-2.0
/*
 * The console's input thread and its terminal, with this machine's
 * console UART (the row of its table whose class takes input) and a
 * pseudo-terminal as stdin, each case in a child process: it owns its
 * stdin, stdout and signal dispositions, and may be ended by a signal.
 */
#include <pty.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <cmocka.h>

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

struct child {
	pid_t pid;
	FILE *err;		/* the child's stderr */
	int status;
};

/* Forks; in the child, stdin becomes in and stderr a file (c->err). */
static bool fork_child(struct child *c, int in)
{
	c->err = tmpfile();
	assert_non_null(c->err);
	fflush(stdout);
	fflush(stderr);
	c->pid = fork();
	assert_true(c->pid >= 0);
	if (c->pid)
		return false;
	if (dup2(in, STDIN_FILENO) < 0 || dup2(fileno(c->err), 2) < 0)
		_exit(127);
	alarm(10);	/* a child that hangs fails, by SIGALRM */
	return true;
}

/* Waits for the child; what it wrote on stderr in msg. */
static void wait_child(struct child *c, char *msg, size_t size)
{
	size_t n;

	assert_int_equal(waitpid(c->pid, &c->status, 0), c->pid);
	rewind(c->err);
	n = fread(msg, 1, size - 1, c->err);
	msg[n] = '\0';
	fclose(c->err);
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
	if (fork_child(&c, slave)) {
		if (dup2(out[1], STDOUT_FILENO) < 0)
			_exit(127);
		console_catch_sigpipe();
		if (!console_input_start(&f->vm, &f->dm.dev[0]))
			_exit(126);
		console_write(stdout, "guest\n", 6);
		_exit(125);		/* the write went through? */
	}
	close(out[1]);
	wait_child(&c, msg, sizeof(msg));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigpipe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
