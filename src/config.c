// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "arch_defs.h"
#include "config.h"
#include "loader.h"
#include "log.h"
#include "sandbox.h"
#include "status.h"
#include "vm.h"

#define DEFAULT_MEM	(2u << 20)
#define MAX_TIMEOUT_S	86400

static const char usage[] =
"usage: kvmini [options] [IMAGE]\n"
"Runs IMAGE (ELF or flat binary) in a KVM virtual machine; without IMAGE,\n"
"runs the built-in SIMVIRTIO demo guest.\n"
"\n"
"  -m, --mem SIZE       guest RAM, K/M/G suffixes (default 2M)\n"
"      --mode MODE      start mode: real, protected or long (16, 32, 64);\n"
"                       default: the image's kvmini note, else ELF class,\n"
"                       else real mode for a flat binary\n"
"  -p, --polling        SIMVIRTIO polling mode: no notification exits;\n"
"                       virtio devices poll their rings while busy\n"
"      --rx TEXT        SIMVIRTIO RX payload sent when the device is ready\n"
"                       (default \"hello from kvmini\")\n"
"  -s, --stats[=FMT]    print exit statistics at the end; FMT text or json\n"
"      --stats-file F   write the statistics to F instead of stderr\n"
"  -t, --trace FILE     write one line per exit to FILE\n"
"      --timeout SEC    stop a guest still running after SEC seconds\n"
"      --strict-io      unclaimed port or MMIO accesses end the run\n"
"      --no-check       do not check the guest's result (42 convention)\n"
"  -c, --cpus N         number of vCPUs (default 1)\n"
"      --initrd FILE    initramfs for a Linux kernel image\n"
"      --append TEXT    kernel command line for a Linux kernel image\n"
"      --host-cpuid M   arm64 host_cpuid hypercall: auto (default), kernel,\n"
"                       user (answered by kvmini) or off\n"
"      --no-hide-seek   arm64: do not enable KVM's HIDE/SEEK device\n"
"      --migrate MS     move each vCPU thread to the next host CPU every MS ms\n"
"      --sample MS      with --trace: add KVM's exit counters every MS ms\n"
"      --check-kvm      only check that /dev/kvm can create a VM (status 0 or 4)\n"
"      --disk FILE[,ro] a virtio-blk disk on a raw image (up to 4; ro:\n"
"                       read-only)\n"
"      --net tap=NAME[,mac=M] | fd=N[,mac=M]\n"
"                       a virtio-net NIC on tap NAME (or an open tap fd N)\n"
"      --irqchip        a bare guest gets what a kernel gets: the in-kernel\n"
"                       interrupt controller, virtio by ioeventfd and irqfd,\n"
"                       the console's input from stdin\n"
"      --no-ioeventfd   virtio: queue notifications and interrupts by exits\n"
"                       to kvmini, not ioeventfd and irqfd (to compare)\n"
"      --isa-debug-exit x86: QEMU's isa-debug-exit device, port 0xf4: a\n"
"                       write of V ends the run with status (V << 1) | 1\n"
"      --no-seccomp     run without the per-thread seccomp allowlists\n"

"  -h, --help           this text\n"
"      --version        print the version\n"
"\n"
"Exit status: 0 ok, 1 check failed, 2 usage, 3 bad image, 4 host error,\n"
"5 triple fault, 6 entry failure, 7 KVM internal error, 8 unknown exit,\n"
"9 unclaimed access (--strict-io), 10 timeout, 11 guest protocol error,\n"
"12 a forbidden system call (seccomp).\n";

enum {
	OPT_MODE = 256, OPT_RX, OPT_STATS_FILE, OPT_TIMEOUT, OPT_STRICT,
	OPT_NO_CHECK, OPT_VERSION, OPT_INITRD, OPT_APPEND, OPT_HOST_CPUID,
	OPT_NO_HIDE_SEEK, OPT_MIGRATE, OPT_SAMPLE, OPT_CHECK_KVM,
	OPT_DEBUG_EXIT, OPT_DISK, OPT_NET, OPT_NO_IOEVENTFD, OPT_NO_SECCOMP,
	OPT_SECCOMP_SELFTEST, OPT_IRQCHIP,
};

static const struct option options[] = {
	{ "mem", required_argument, NULL, 'm' },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "polling", no_argument, NULL, 'p' },
	{ "rx", required_argument, NULL, OPT_RX },
	{ "stats", optional_argument, NULL, 's' },
	{ "stats-file", required_argument, NULL, OPT_STATS_FILE },
	{ "trace", required_argument, NULL, 't' },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "strict-io", no_argument, NULL, OPT_STRICT },
	{ "no-check", no_argument, NULL, OPT_NO_CHECK },
	{ "cpus", required_argument, NULL, 'c' },
	{ "initrd", required_argument, NULL, OPT_INITRD },
	{ "append", required_argument, NULL, OPT_APPEND },
	{ "host-cpuid", required_argument, NULL, OPT_HOST_CPUID },
	{ "no-hide-seek", no_argument, NULL, OPT_NO_HIDE_SEEK },
	{ "migrate", required_argument, NULL, OPT_MIGRATE },
	{ "sample", required_argument, NULL, OPT_SAMPLE },
	{ "check-kvm", no_argument, NULL, OPT_CHECK_KVM },
	{ "isa-debug-exit", no_argument, NULL, OPT_DEBUG_EXIT },
	{ "disk", required_argument, NULL, OPT_DISK },
	{ "net", required_argument, NULL, OPT_NET },
	{ "irqchip", no_argument, NULL, OPT_IRQCHIP },
	{ "no-ioeventfd", no_argument, NULL, OPT_NO_IOEVENTFD },
	{ "no-seccomp", no_argument, NULL, OPT_NO_SECCOMP },
	/* tests only, not in --help: a thread makes a forbidden call */
	{ "seccomp-selftest", required_argument, NULL, OPT_SECCOMP_SELFTEST },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mem_size = DEFAULT_MEM;
	cfg->rx_text = "hello from kvmini";
	cfg->check = true;
	cfg->cpus = 1;
	cfg->hide_seek = true;
	cfg->seccomp = true;
	/* a locally administered MAC address */
	memcpy(cfg->net.mac, (uint8_t[]){ 0x52, 0x54, 0x00, 0x6b, 0x76, 0x6d }, 6);
	cfg->net.fd = -1;
}

int parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	/* decimal, or hex with 0x: a leading 0 is not octal (064M is 64M) */
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		v = strtoull(s, &end, 16);
	else
		v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (*end) {
	case 'k': case 'K':
		shift = 10;
		end++;
		break;
	case 'm': case 'M':
		shift = 20;
		end++;
		break;
	case 'g': case 'G':
		shift = 30;
		end++;
		break;
	}
	if (*end || (shift && v > (~0ULL >> shift)))
		return -1;
	*out = v << shift;
	return 0;
}

/* A decimal integer in [1, max]; 0 or -1. */
static int parse_count(const char *s, unsigned long max, unsigned int *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || *s == '-' || !v || v > max)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

static int parse_mode(const char *s)
{
	if (!strcmp(s, "real") || !strcmp(s, "16"))
		return 16;
	if (!strcmp(s, "protected") || !strcmp(s, "32"))
		return 32;
	if (!strcmp(s, "long") || !strcmp(s, "64"))
		return 64;
	return 0;
}

/* Remembers the first option that only family's guests have. */
static void arch_option(struct config *cfg, const char *opt, const char *family)
{
	if (!cfg->arch_option) {
		cfg->arch_option = opt;
		cfg->arch_option_family = family;
	}
}

/* FILE[,ro]: the suffix ",ro" makes the disk read-only (argv is ours) */
static int parse_disk(struct config *cfg, char *arg)
{
	size_t n = strlen(arg);
	struct disk_opt *d;

	if (cfg->nr_disks == CONFIG_MAX_DISKS) {
		err_msg("--disk: at most %d disks (see kvmini --help)",
			CONFIG_MAX_DISKS);
		return -1;
	}
	d = &cfg->disks[cfg->nr_disks];
	d->path = arg;
	d->ro = n > 3 && !strcmp(arg + n - 3, ",ro");
	if (d->ro)
		arg[n - 3] = '\0';
	if (!*d->path) {
		err_msg("--disk: no file name (see kvmini --help)");
		return -1;
	}
	cfg->nr_disks++;
	return 0;
}

/* xx:xx:xx:xx:xx:xx, a unicast address; 0 or -1 */
static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int i;

	for (i = 0; i < 6; i++, s += 3) {
		if (!isxdigit((unsigned char)s[0]) ||
		    !isxdigit((unsigned char)s[1]) || s[2] != (i < 5 ? ':' : '\0'))
			return -1;
		mac[i] = (uint8_t)strtoul(s, NULL, 16);
	}
	return mac[0] & 1 ? -1 : 0;
}

/* tap=NAME or fd=N, then optionally ,mac=xx:xx:xx:xx:xx:xx */
static int parse_net(struct config *cfg, char *arg)
{
	struct net_opt *n = &cfg->net;
	char *mac = strstr(arg, ",mac="), *end;
	long fd;

	if (mac) {
		*mac = '\0';
		if (parse_mac(mac + 5, n->mac) < 0) {
			err_msg("--net: bad unicast MAC address '%s' (see kvmini --help)",
				mac + 5);
			return -1;
		}
	}
	if (!strncmp(arg, "tap=", 4) && arg[4]) {
		n->tap = arg + 4;
		if (strlen(n->tap) > 15) {	/* IFNAMSIZ - 1 */
			err_msg("--net: tap name '%s' is longer than 15 characters",
				n->tap);
			return -1;
		}
	} else if (!strncmp(arg, "fd=", 3)) {
		errno = 0;
		fd = strtol(arg + 3, &end, 10);
		if (errno || *end || end == arg + 3 || fd < 0 || fd > 65535) {
			err_msg("--net: bad fd '%s' (see kvmini --help)", arg + 3);
			return -1;
		}
		n->fd = (int)fd;
	} else {
		err_msg("--net: tap=NAME or fd=N, not '%s' (see kvmini --help)",
			arg);
		return -1;
	}
	if (n->on) {
		err_msg("--net: one network interface only");
		return -1;
	}
	n->on = true;
	return 0;
}

static int bad(const char *what, const char *arg)
{
	err_msg("%s: '%s' (see kvmini --help)", what, arg);
	return ST_USAGE;
}

/* How many long options NAME (up to '=' or its end) abbreviates. */
static int long_matches(const char *name)
{
	size_t len = strcspn(name, "=");
	const struct option *o;
	int n = 0;

	for (o = options; o->name; o++)
		n += !strncmp(o->name, name, len);
	return n;
}

/*
 * getopt's error C (':' or '?') for the element ARG it was parsing: name
 * the option as the user wrote it, not a neighbour.
 */
static int bad_option(int c, const char *arg)
{
	int len = (int)strcspn(arg, "=");

	if (strncmp(arg, "--", 2)) {
		err_msg("%s: '-%c' (see kvmini --help)",
			c == ':' ? "option needs an argument" : "unknown option",
			optopt);
	} else if (c == ':') {
		err_msg("option needs an argument: '%.*s' (see kvmini --help)",
			len, arg);
	} else if (optopt) {
		err_msg("option takes no argument: '%.*s' (see kvmini --help)",
			len, arg);
	} else {
		err_msg("%s option: '%.*s' (see kvmini --help)",
			long_matches(arg + 2) > 1 ? "ambiguous" : "unknown",
			len, arg);
	}
	return ST_USAGE;
}

int config_parse(struct config *cfg, int argc, char **argv)
{
	unsigned int n;
	int at, c;

	optind = 0;	/* full re-initialisation: tests parse many times */
	opterr = 0;
	/*
	 * '-': arguments in order, the image as option 1, so that the
	 * element each call parsed is argv[at] for error messages.
	 */
	for (;;) {
		at = optind ? optind : 1;
		c = getopt_long(argc, argv, "-:m:ps::t:c:h", options, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 1:
			if (cfg->image)
				return bad("more than one image", optarg);
			cfg->image = optarg;
			break;
		case 'm':
			if (parse_size(optarg, &cfg->mem_size) < 0)
				return bad("bad memory size", optarg);
			if (cfg->mem_size < KVMINI_RAM_MIN ||
			    cfg->mem_size > KVMINI_RAM_MAX ||
			    cfg->mem_size % 4096)
				return bad("memory size out of range (1M.."
					   KVMINI_RAM_MAX_TEXT ", page multiple)",
					   optarg);
			break;
		case OPT_MODE:
			cfg->mode = parse_mode(optarg);
			if (!cfg->mode)
				return bad("unknown mode", optarg);
			break;
		case 'p':
			cfg->polling = true;
			break;
		case OPT_RX:
			cfg->rx_text = optarg;
			break;
		case 's':
			if (!optarg || !strcmp(optarg, "text"))
				cfg->stats = REPORT_TEXT;
			else if (!strcmp(optarg, "json"))
				cfg->stats = REPORT_JSON;
			else
				return bad("unknown statistics format", optarg);
			break;
		case OPT_STATS_FILE:
			cfg->stats_file = optarg;
			if (cfg->stats == REPORT_NONE)
				cfg->stats = REPORT_TEXT;
			break;
		case 't':
			cfg->trace_file = optarg;
			break;
		case OPT_TIMEOUT:
			if (parse_count(optarg, MAX_TIMEOUT_S, &n) < 0)
				return bad("bad timeout (1..86400 seconds)", optarg);
			cfg->timeout_ms = n * 1000;
			break;
		case OPT_STRICT:
			cfg->strict_io = true;
			break;
		case OPT_NO_CHECK:
			cfg->check = false;
			break;
		case 'c':
			if (parse_count(optarg, VM_MAX_VCPUS, &cfg->cpus) < 0)
				return bad("bad vCPU count (1..8)", optarg);
			break;
		case OPT_INITRD:
			cfg->initrd = optarg;
			break;
		case OPT_APPEND:
			/* room for console=, panic= and device parameters */
			if (strlen(optarg) > KVMINI_CMDLINE_MAX - 512) {
				err_msg("--append: command line too long (%zu bytes, at most %d)",
					strlen(optarg), KVMINI_CMDLINE_MAX - 512);
				return ST_USAGE;
			}
			cfg->append = optarg;
			break;
		case OPT_HOST_CPUID:
			if (!strcmp(optarg, "auto"))
				cfg->host_cpuid = HOST_CPUID_AUTO;
			else if (!strcmp(optarg, "kernel"))
				cfg->host_cpuid = HOST_CPUID_KERNEL;
			else if (!strcmp(optarg, "user"))
				cfg->host_cpuid = HOST_CPUID_USER;
			else if (!strcmp(optarg, "off"))
				cfg->host_cpuid = HOST_CPUID_OFF;
			else
				return bad("--host-cpuid: auto, kernel, user or off", optarg);
			arch_option(cfg, "--host-cpuid", "arm64");
			break;
		case OPT_NO_HIDE_SEEK:
			cfg->hide_seek = false;
			arch_option(cfg, "--no-hide-seek", "arm64");
			break;
		case OPT_IRQCHIP:
			cfg->irqchip = true;
			break;
		case OPT_NO_IOEVENTFD:
			cfg->no_ioeventfd = true;
			break;
		case OPT_NO_SECCOMP:
			cfg->seccomp = false;
			break;
		case OPT_SECCOMP_SELFTEST:
			if (sandbox_parse_selftest(optarg,
						   &cfg->seccomp_selftest) < 0)
				return ST_USAGE;
			break;
		case OPT_NET:
			if (parse_net(cfg, optarg) < 0)
				return ST_USAGE;
			break;
		case OPT_DISK:
			if (parse_disk(cfg, optarg) < 0)
				return ST_USAGE;
			break;
		case OPT_DEBUG_EXIT:
			cfg->debug_exit = true;
			arch_option(cfg, "--isa-debug-exit", "x86");
			break;

		case OPT_MIGRATE:
			if (parse_count(optarg, 60000, &cfg->migrate_ms) < 0)
				return bad("bad migration period (1..60000 ms)", optarg);
			break;
		case OPT_SAMPLE:
			if (parse_count(optarg, 60000, &cfg->sample_ms) < 0)
				return bad("bad sampling period (1..60000 ms)", optarg);
			break;
		case OPT_CHECK_KVM:
			cfg->check_kvm = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return CONFIG_DONE;
		case OPT_VERSION:
			/* the sanitizers: the integration suite asks */
			printf("kvmini %s (%s%s%s)\n", KVMINI_VERSION, ARCH_NAME,
			       *KVMINI_SANITIZERS ? ";" : "", KVMINI_SANITIZERS);
			return CONFIG_DONE;
		default:
			return bad_option(c, argv[at]);
		}
	}
	if (cfg->sample_ms && !cfg->trace_file) {
		err_msg("--sample needs --trace (see kvmini --help)");
		return ST_USAGE;
	}
	/* after "--": the image, once */
	if (optind < argc && !cfg->image)
		cfg->image = argv[optind++];
	if (optind < argc)
		return bad("more than one image", argv[optind]);
	return ST_OK;
}

int config_check(const struct config *cfg, const struct image *img)
{
	if (!img->kernel && (cfg->initrd || cfg->append)) {
		err_msg("--initrd and --append need a Linux kernel image");
		return ST_USAGE;
	}
	if (cfg->arch_option && strcmp(cfg->arch_option_family, ARCH_FAMILY)) {
		err_msg("%s is for %s guests", cfg->arch_option,
			cfg->arch_option_family);
		return ST_USAGE;
	}
	return ST_OK;
}

int config_check_net_fd(const struct config *cfg)
{
	int fd = cfg->net.fd;
	struct ifreq ifr;
	int flags;

	if (!cfg->net.on || cfg->net.tap)
		return ST_OK;
	if (fcntl(fd, F_GETFD) < 0) {
		err_msg("--net fd=%d: not an open file descriptor", fd);
		return ST_HOST;
	}
	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, TUNGETIFF, &ifr) < 0) {
		err_msg("--net fd=%d: not a tap (TUNGETIFF: %s)", fd,
			strerror(errno));
		return ST_HOST;
	}
	/* virtio-net reads and writes bare Ethernet frames */
	flags = ifr.ifr_flags & (IFF_TUN | IFF_TAP | IFF_NO_PI | IFF_VNET_HDR);
	if (flags != (IFF_TAP | IFF_NO_PI)) {
		err_msg("--net fd=%d: %.*s is not a tap with IFF_NO_PI and without IFF_VNET_HDR (flags 0x%x)",
			fd, IFNAMSIZ, ifr.ifr_name,
			(unsigned int)(uint16_t)ifr.ifr_flags);
		return ST_HOST;
	}
	return ST_OK;
}
