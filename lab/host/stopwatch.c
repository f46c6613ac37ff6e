// SPDX-License-Identifier: GPL-2.0
/*
 * stopwatch: times a VMM from its start to the first line of its output
 * that holds a mark (e.g. the line a guest's init prints) and to its exit,
 * the same way for every VMM (the lab's boot bench compares kvmini with
 * QEMU). The child's stdout is passed through; its stderr is left alone.
 *
 * Usage: stopwatch [-k] MARK COMMAND [ARG...]
 * -k kills the command (SIGKILL) once the mark is seen: what comes after
 * it is not measured, and a guest need not know how to power off.
 * Prints "stopwatch: mark_ns=N exit_ns=N status=S" on stderr (mark_ns=-1
 * when the mark never came; status: the command's exit status, or 128 +
 * the signal that ended it). Exits 0 when the mark was seen, 1 when it
 * was not, 2 on a usage or system error.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* the part of a line searched for the mark: marks are short, lines not */
#define LINE_MAX_KEPT 4096

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

struct scan {
	const char *mark;
	char line[LINE_MAX_KEPT + 1];
	size_t len;
};

/* feeds a chunk of output; true once a line holding the mark ended in it */
static int scan_chunk(struct scan *s, const char *p, size_t n)
{
	int found = 0;

	for (; n; p++, n--) {
		if (*p == '\n') {
			s->line[s->len] = '\0';
			found |= strstr(s->line, s->mark) != NULL;
			s->len = 0;
		} else if (s->len < LINE_MAX_KEPT) {
			s->line[s->len++] = *p;
		}
	}
	return found;
}

int main(int argc, char **argv)
{
	static struct scan s;
	int64_t t0, mark = -1, end;
	int kill_at_mark = 0, pfd[2], wst, status;
	char buf[4096];
	pid_t pid;

	if (argc > 1 && !strcmp(argv[1], "-k")) {
		kill_at_mark = 1;
		argv++;
		argc--;
	}
	if (argc < 3 || !argv[1][0]) {
		fprintf(stderr, "usage: stopwatch [-k] MARK COMMAND [ARG...]\n");
		return 2;
	}
	s.mark = argv[1];
	if (pipe(pfd)) {
		perror("stopwatch: pipe");
		return 2;
	}
	t0 = now_ns();
	pid = fork();
	if (pid < 0) {
		perror("stopwatch: fork");
		return 2;
	}
	if (!pid) {
		close(pfd[0]);
		if (dup2(pfd[1], STDOUT_FILENO) < 0)
			_exit(127);
		close(pfd[1]);
		execvp(argv[2], argv + 2);
		fprintf(stderr, "stopwatch: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	for (;;) {
		ssize_t n = read(pfd[0], buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (mark < 0 && scan_chunk(&s, buf, (size_t)n)) {
			mark = now_ns() - t0;
			if (kill_at_mark)
				kill(pid, SIGKILL);
		}
		/* a closed stdout must not stop the timing */
		(void)write_all(STDOUT_FILENO, buf, (size_t)n);
	}
	while (waitpid(pid, &wst, 0) < 0) {
		if (errno != EINTR) {
			perror("stopwatch: waitpid");
			return 2;
		}
	}
	end = now_ns() - t0;
	status = WIFEXITED(wst) ? WEXITSTATUS(wst) : 128 + WTERMSIG(wst);
	fprintf(stderr, "stopwatch: mark_ns=%lld exit_ns=%lld status=%d\n",
		(long long)mark, (long long)end, status);
	return mark < 0;
}
