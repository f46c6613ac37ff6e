/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A call that may block for ever (open() of a FIFO waits for a writer),
 * run in a child process that SIGALRM ends after 10 s: the test fails
 * instead of hanging. Include after <cmocka.h>.
 */
#ifndef KVMINI_TEST_CHILD_H
#define KVMINI_TEST_CHILD_H

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * fn(arg)'s value as the child's exit status (its low 8 bits), or -1 if
 * the child did not return (10 s passed); its stderr in msg.
 */
static inline int in_child(int (*fn)(const void *arg), const void *arg,
			   char *msg, size_t size)
{
	FILE *err = tmpfile();
	int status;
	pid_t pid;
	size_t n;

	assert_non_null(err);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		if (dup2(fileno(err), 2) < 0)
			_exit(127);
		alarm(10);
		_exit(fn(arg));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	rewind(err);
	n = fread(msg, 1, size - 1, err);
	msg[n] = '\0';
	fclose(err);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#endif /* KVMINI_TEST_CHILD_H */
