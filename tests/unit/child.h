/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A test case that needs a process of its own (it owns stdin, signal
 * dispositions, may block for ever or be ended by a signal) runs in a
 * child: its stderr goes to a file the parent reads, and SIGALRM ends it
 * after 10 s, so that a test fails instead of hanging. Include after
 * <cmocka.h>.
 */
#ifndef KVMINI_TEST_CHILD_H
#define KVMINI_TEST_CHILD_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

struct child {
	pid_t pid;
	FILE *err;		/* the child's stderr */
	int status;		/* its wait status, once child_wait() returns */
};

/*
 * Forks: true in the child (stdin from in unless it is -1, stderr into
 * c->err, SIGALRM in 10 s), false in the parent.
 */
static inline bool child_fork(struct child *c, int in)
{
	c->err = tmpfile();
	assert_non_null(c->err);
	fflush(stdout);
	fflush(stderr);
	c->pid = fork();
	assert_true(c->pid >= 0);
	if (c->pid)
		return false;
	if ((in >= 0 && dup2(in, STDIN_FILENO) < 0) ||
	    dup2(fileno(c->err), STDERR_FILENO) < 0)
		_exit(127);
	alarm(10);
	return true;
}

/* Waits for the child; what it wrote on stderr in msg. */
static inline void child_wait(struct child *c, char *msg, size_t size)
{
	size_t n;

	assert_int_equal(waitpid(c->pid, &c->status, 0), c->pid);
	rewind(c->err);
	n = fread(msg, 1, size - 1, c->err);
	msg[n] = '\0';
	fclose(c->err);
}

/*
 * fn(arg)'s value as the child's exit status (its low 8 bits), or -1 if
 * the child did not return (10 s passed); its stderr in msg.
 */
static inline int in_child(int (*fn)(const void *arg), const void *arg,
			   char *msg, size_t size)
{
	struct child c;

	if (child_fork(&c, -1))
		_exit(fn(arg));
	child_wait(&c, msg, size);
	return WIFEXITED(c.status) ? WEXITSTATUS(c.status) : -1;
}

#endif /* KVMINI_TEST_CHILD_H */
