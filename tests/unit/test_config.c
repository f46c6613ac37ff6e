// SPDX-License-Identifier: GPL-2.0
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <cmocka.h>

#include "../ioctl_wrap.h"

#include "arch.h"
#include "compiler.h"
#include "config.h"
#include "devices/simvirtio_dev.h"
#include "devmgr.h"
#include "parse_args.h"
#include "status.h"

/* PARSE's status, with what it wrote to stderr in MSG. */
#define PARSE_MSG(msg, cfg, ...) ({					\
	FILE *f_ = tmpfile();						\
	int saved_ = dup(2), st_;					\
	size_t n_;							\
									\
	assert_non_null(f_);						\
	fflush(stderr);							\
	assert_int_equal(dup2(fileno(f_), 2), 2);			\
	st_ = PARSE(cfg, __VA_ARGS__);					\
	fflush(stderr);							\
	assert_int_equal(dup2(saved_, 2), 2);				\
	close(saved_);							\
	rewind(f_);							\
	n_ = fread(msg, 1, sizeof(msg) - 1, f_);			\
	msg[n_] = '\0';							\
	fclose(f_);							\
	st_;								\
})

static void test_defaults(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(PARSE(&c, "img"), ST_OK);
	assert_string_equal(c.image, "img");
	assert_int_equal(c.mem_size, 2 << 20);
	assert_false(c.polling);
	assert_true(c.check);
	assert_int_equal(c.stats, REPORT_NONE);
}

static void test_options(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(PARSE(&c, "-m", "64M", "--mode", "protected", "-p",
			       "--stats=json", "--timeout", "3", "--strict-io",
			       "--no-check", "--rx", "x", "-t", "f"), ST_OK);
	assert_null(c.image);
	assert_int_equal(c.mem_size, 64 << 20);
	assert_int_equal(c.mode, 32);
	assert_true(c.polling);
	assert_int_equal(c.stats, REPORT_JSON);
	assert_int_equal(c.timeout_ms, 3000);
	assert_true(c.strict_io);
	assert_false(c.check);
	/* SIMVIRTIO's own option, in its parameters */
	assert_string_equal(((const struct sv_params *)
			     device_class_find("simvirtio")->params)->rx_text,
			    "x");
	assert_string_equal(c.trace_file, "f");
	assert_int_equal(PARSE(&c, "--stats"), ST_OK);
	assert_int_equal(c.stats, REPORT_TEXT);
}

static void test_arm64_options(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(PARSE(&c, "img"), ST_OK);
	assert_int_equal(c.host_cpuid, HOST_CPUID_AUTO);
	assert_true(c.hide_seek);
	assert_false(c.flat_kernel);
	assert_int_equal(c.migrate_ms, 0);
	assert_false(c.pmu);
	assert_int_equal(PARSE(&c, "--flat-kernel", "--pmu", "img"), ST_OK);
	assert_true(c.flat_kernel);
	assert_true(c.pmu);
	assert_false(c.gic_v2);
	assert_int_equal(PARSE(&c, "--gic", "v2", "img"), ST_OK);
	assert_true(c.gic_v2);
	assert_int_equal(PARSE(&c, "--gic", "v2", "--gic", "v3", "img"), ST_OK);
	assert_false(c.gic_v2);
	assert_int_equal(PARSE(&c, "--gic", "v4", "img"), ST_USAGE);
	assert_int_equal(PARSE(&c, "--host-cpuid", "user", "--no-hide-seek",
			       "--migrate", "20", "--initrd", "rd", "--append",
			       "quiet", "Image"), ST_OK);
	assert_int_equal(c.host_cpuid, HOST_CPUID_USER);
	assert_false(c.hide_seek);
	assert_int_equal(c.migrate_ms, 20);
	assert_string_equal(c.initrd, "rd");
	assert_string_equal(c.append, "quiet");
	assert_int_equal(PARSE(&c, "--host-cpuid", "kernel"), ST_OK);
	assert_int_equal(c.host_cpuid, HOST_CPUID_KERNEL);
	assert_int_equal(PARSE(&c, "--host-cpuid", "off"), ST_OK);
	assert_int_equal(c.host_cpuid, HOST_CPUID_OFF);
	assert_int_equal(PARSE(&c, "--host-cpuid", "maybe"), ST_USAGE);
	assert_int_equal(PARSE(&c, "--migrate", "0"), ST_USAGE);
	assert_int_equal(PARSE(&c, "--migrate", "60001"), ST_USAGE);
}

static void test_x86_options(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(PARSE(&c, "img"), ST_OK);
	assert_true(c.pit);
	assert_true(c.exit_stats_leaf);
	assert_int_equal(PARSE(&c, "--no-pit", "--no-exit-stats-leaf", "img"),
			 ST_OK);
	assert_false(c.pit);
	assert_false(c.exit_stats_leaf);
}

/* A command line the guest kernel would cut: refused before any VM */
static void test_append_too_long(void **state)
{
	static char arg[KVMINI_CMDLINE_MAX + 1];
	struct config c;

	(void)state;
	memset(arg, 'a', KVMINI_CMDLINE_MAX);
	assert_int_equal(PARSE(&c, "--append", arg, "Image"), ST_USAGE);
	arg[100] = '\0';
	assert_int_equal(PARSE(&c, "--append", arg, "Image"), ST_OK);
}

static void test_bad_options(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(PARSE(&c, "--frobnicate"), ST_USAGE);
	assert_int_equal(PARSE(&c, "-m"), ST_USAGE);
	assert_int_equal(PARSE(&c, "-m", "lots"), ST_USAGE);
	assert_int_equal(PARSE(&c, "-m", "512K"), ST_USAGE);	/* < 1M */
	assert_int_equal(PARSE(&c, "-m", "4G"), ST_USAGE);	/* > 3G */
	assert_int_equal(PARSE(&c, "-m", "99999999999G"), ST_USAGE);
	assert_int_equal(PARSE(&c, "--mode", "virtual86"), ST_USAGE);
	assert_int_equal(PARSE(&c, "--stats=xml"), ST_USAGE);
	assert_int_equal(PARSE(&c, "--timeout", "0"), ST_USAGE);
	assert_int_equal(PARSE(&c, "--timeout", "1s"), ST_USAGE);
	assert_int_equal(PARSE(&c, "a", "b"), ST_USAGE);
	assert_int_equal(PARSE(&c, "--cpus", "0"), ST_USAGE);
	assert_int_equal(PARSE(&c, "--cpus", "9"), ST_USAGE);
	assert_int_equal(PARSE(&c, "--cpus", "-1"), ST_USAGE);
	assert_int_equal(PARSE(&c, "--cpus", "2"), ST_OK);
	assert_int_equal(c.cpus, 2);
}

/* Each error names the argument the user wrote, in one line. */
/*
 * --help is made from the option rows: every one it lists, a device's
 * too, is one the parser knows, and the exit statuses end it.
 */
static void test_help(void **state)
{
	char help[8192], msg[256], name[64], opt[80], *line, *end;
	int saved = dup(1), listed = 0;
	FILE *f = tmpfile();
	struct config c;
	size_t n;

	(void)state;
	assert_non_null(f);
	fflush(stdout);
	assert_int_equal(dup2(fileno(f), 1), 1);
	assert_int_equal(PARSE(&c, "--help"), CONFIG_DONE);
	fflush(stdout);
	assert_int_equal(dup2(saved, 1), 1);
	close(saved);
	rewind(f);
	n = fread(help, 1, sizeof(help) - 1, f);
	help[n] = '\0';
	fclose(f);
	assert_non_null(strstr(help, "\n      --isa-debug-exit\n"));
	assert_non_null(strstr(help, "\n      --disk FILE[,ro]\n"));
	assert_non_null(strstr(help, "\n      --rx TEXT "));
	assert_non_null(strstr(help, "\nExit status: 0 ok, 1 check failed,"));
	assert_non_null(strstr(help, "12 a forbidden system call (seccomp),"));
	assert_null(strstr(help, "seccomp-selftest"));	/* tests only */
	for (line = help; (end = strchr(line, '\n')); line = end + 1) {
		if (sscanf(line, " -%*c, --%63[a-z0-9-]", name) != 1 &&
		    sscanf(line, " --%63[a-z0-9-]", name) != 1)
			continue;
		listed++;
		if (!strcmp(name, "help") || !strcmp(name, "version"))
			continue;
		/* "--name" alone: parsed, or its argument is missing */
		snprintf(opt, sizeof(opt), "--%s", name);
		PARSE_MSG(msg, &c, opt);
		assert_null(strstr(msg, "unknown option"));
		assert_null(strstr(msg, "ambiguous option"));
	}
	assert_true(listed >= 25);
}

static void test_option_messages(void **state)
{
	static const struct {
		const char *args[3];
		const char *msg;
	} cases[] = {
		{ { "-zp" }, "unknown option: '-z'" },
		{ { "img", "-xs" }, "unknown option: '-x'" },
		{ { "-p", "-pz" }, "unknown option: '-z'" },
		{ { "img", "--frob=1" }, "unknown option: '--frob'" },
		{ { "--polling=1" }, "option takes no argument: '--polling'" },
		{ { "img", "--no-c=x" }, "option takes no argument: '--no-c'" },
		{ { "--stat", "img" }, "ambiguous option: '--stat'" },
		{ { "--m", "1M" }, "ambiguous option: '--m'" },
		{ { "img", "-m" }, "option needs an argument: '-m'" },
		{ { "-p", "--mem" }, "option needs an argument: '--mem'" },
		{ { "a", "b" }, "more than one image: 'b'" },
		{ { "a", "--", "b" }, "more than one image: 'b'" },
	};
	char msg[256], want[256];
	struct config c;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(PARSE_MSG(msg, &c, cases[i].args[0],
					   cases[i].args[1], cases[i].args[2]),
				 ST_USAGE);
		snprintf(want, sizeof(want),
			 "kvmini: %s (see kvmini --help)\n", cases[i].msg);
		assert_string_equal(msg, want);
	}
	/* "--" ends the options: an image may start with '-' */
	assert_int_equal(PARSE(&c, "-p", "--", "-img"), ST_OK);
	assert_string_equal(c.image, "-img");
	assert_true(c.polling);
	assert_int_equal(PARSE(&c, "img", "-p"), ST_OK);
	assert_string_equal(c.image, "img");
	assert_true(c.polling);
}

static void test_sizes(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(parse_size("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(parse_size("3g", &v), 0);
	assert_int_equal(v, 3ULL << 30);
	assert_int_equal(parse_size("0x1000", &v), 0);
	assert_int_equal(v, 0x1000);
	/* a leading zero is decimal, not octal */
	assert_int_equal(parse_size("064M", &v), 0);
	assert_int_equal(v, 64ULL << 20);
	assert_int_equal(parse_size("010M", &v), 0);
	assert_int_equal(v, 10ULL << 20);
	assert_int_equal(parse_size("08", &v), 0);
	assert_int_equal(v, 8);
	assert_int_equal(parse_size("-1", &v), -1);
	assert_int_equal(parse_size("1T", &v), -1);
	assert_int_equal(parse_size("", &v), -1);
}

/*
 * TUNGETIFF (linked with --wrap=ioctl): with tap_flags set, any open fd
 * answers as a tap called tap7 with those flags; else the real call.
 */
static short tap_flags;

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	struct ifreq *ifr;

	IOCTL_ARG(req, ifr);
	if (req == TUNGETIFF && tap_flags) {
		memset(ifr, 0, sizeof(*ifr));
		memcpy(ifr->ifr_name, "tap7", 5);
		ifr->ifr_flags = tap_flags;
		return 0;
	}
	return __real_ioctl(fd, req, ifr);
}

/* devmgr_check() of --net ARG, with its stderr in msg */
static int net_fd_msg(char *msg, size_t size, const char *arg)
{
	FILE *f = tmpfile();
	int saved = dup(2), st;
	struct config c;
	size_t n;

	assert_non_null(f);
	assert_int_equal(PARSE(&c, "--net", arg), ST_OK);
	fflush(stderr);
	assert_int_equal(dup2(fileno(f), 2), 2);
	st = devmgr_check();
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	rewind(f);
	n = fread(msg, 1, size - 1, f);
	msg[n] = '\0';
	fclose(f);
	return st;
}

/*
 * --net fd=N names a tap another program opened: anything else is one
 * line and status 4, before kvmini opens a file that could take N.
 */
static void test_net_fd(void **state)
{
	char msg[256], want[256], arg[32];
	struct ifreq ifr;
	int fd, tun;

	(void)state;
	assert_int_equal(net_fd_msg(msg, sizeof(msg), "tap=kv0"), ST_OK);
	assert_string_equal(msg, "");
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	snprintf(arg, sizeof(arg), "fd=%d", fd);
	assert_int_equal(net_fd_msg(msg, sizeof(msg), arg), ST_HOST);
	assert_non_null(strstr(msg, ": not a tap (TUNGETIFF: "));
	assert_ptr_equal(strchr(msg, '\n'), msg + strlen(msg) - 1);
	/* taps whose frames are not bare Ethernet frames */
	tap_flags = IFF_TAP | IFF_NO_PI;
	assert_int_equal(net_fd_msg(msg, sizeof(msg), arg), ST_OK);
	assert_string_equal(msg, "");
	tap_flags = IFF_TUN | IFF_NO_PI;
	assert_int_equal(net_fd_msg(msg, sizeof(msg), arg), ST_HOST);
	assert_non_null(strstr(msg, "tap7 is not a tap with IFF_NO_PI"));
	tap_flags = IFF_TAP;
	assert_int_equal(net_fd_msg(msg, sizeof(msg), arg), ST_HOST);
	tap_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
	assert_int_equal(net_fd_msg(msg, sizeof(msg), arg), ST_HOST);
	/*
	 * nothing open there (kvmini's own next file would get it); a high
	 * number, or the capture's own file would get it here
	 */
	tap_flags = 0;
	close(fd);
	fd = fcntl(2, F_DUPFD_CLOEXEC, 900);
	assert_true(fd >= 900);
	close(fd);
	snprintf(arg, sizeof(arg), "fd=%d", fd);
	assert_int_equal(net_fd_msg(msg, sizeof(msg), arg), ST_HOST);
	snprintf(want, sizeof(want), "kvmini: --net fd=%d: not an open file descriptor\n",
		 fd);
	assert_string_equal(msg, want);
	/* a real tap, where this process may make one (CAP_NET_ADMIN) */
	tun = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	if (tun >= 0 && ioctl(tun, TUNSETIFF, &ifr) == 0) {
		snprintf(arg, sizeof(arg), "fd=%d", tun);
		assert_int_equal(net_fd_msg(msg, sizeof(msg), arg), ST_OK);
	} else {
		print_message("%s: no tap of its own here (needs CAP_NET_ADMIN and /dev/net/tun)\n",
			      __func__);
	}
	if (tun >= 0)
		close(tun);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_arm64_options),
		cmocka_unit_test(test_x86_options),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_append_too_long),
		cmocka_unit_test(test_option_messages),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_net_fd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
