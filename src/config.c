// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch_defs.h"
#include "compiler.h"
#include "config.h"
#include "devices/device.h"
#include "gdb.h"
#include "loader.h"
#include "log.h"
#include "option.h"
#include "sandbox.h"
#include "status.h"
#include "vm.h"

#define DEFAULT_MEM	(2u << 20)
#define MAX_TIMEOUT_S	86400
#define MAX_PERIOD_MS	60000

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

/* The run-wide options' parsers: params is the struct config. */

static int parse_mem(const struct option_def *opt, void *params, char *arg)
{
	struct config *cfg = params;

	(void)opt;
	if (parse_size(arg, &cfg->mem_size) < 0)
		return option_bad("bad memory size", arg);
	if (cfg->mem_size < KVMINI_RAM_MIN || cfg->mem_size > KVMINI_RAM_MAX ||
	    cfg->mem_size % 4096)
		return option_bad("memory size out of range (1M.."
				  KVMINI_RAM_MAX_TEXT ", page multiple)", arg);
	return ST_OK;
}

static int parse_mode(const struct option_def *opt, void *params, char *arg)
{
	static const char *const names[][2] = {
		{ "real", "16" }, { "protected", "32" }, { "long", "64" },
	};
	struct config *cfg = params;
	unsigned int i;

	(void)opt;
	for (i = 0; i < 3; i++)
		if (!strcmp(arg, names[i][0]) || !strcmp(arg, names[i][1]))
			cfg->mode = 16 << i;
	return cfg->mode ? ST_OK : option_bad("unknown mode", arg);
}

static int parse_stats(const struct option_def *opt, void *params, char *arg)
{
	struct config *cfg = params;

	(void)opt;
	if (!arg || !strcmp(arg, "text"))
		cfg->stats = REPORT_TEXT;
	else if (!strcmp(arg, "json"))
		cfg->stats = REPORT_JSON;
	else
		return option_bad("unknown statistics format", arg);
	return ST_OK;
}

static int parse_stats_file(const struct option_def *opt, void *params,
			    char *arg)
{
	struct config *cfg = params;

	(void)opt;
	cfg->stats_file = arg;
	if (cfg->stats == REPORT_NONE)
		cfg->stats = REPORT_TEXT;
	return ST_OK;
}

static int parse_timeout(const struct option_def *opt, void *params,
			 char *arg)
{
	struct config *cfg = params;
	unsigned int n;

	(void)opt;
	if (parse_count(arg, MAX_TIMEOUT_S, &n) < 0)
		return option_bad("bad timeout (1..86400 seconds)", arg);
	cfg->timeout_ms = n * 1000;
	return ST_OK;
}

static int parse_gdb(const struct option_def *opt, void *params, char *arg)
{
	struct config *cfg = params;

	(void)opt;
	if (gdb_check_addr(arg) != ST_OK)
		return ST_USAGE;	/* its line printed */
	cfg->gdb = arg;
	return ST_OK;
}

static int parse_cpus(const struct option_def *opt, void *params, char *arg)
{
	struct config *cfg = params;

	(void)opt;
	if (parse_count(arg, VM_MAX_VCPUS, &cfg->cpus) < 0)
		return option_bad("bad vCPU count (1..8)", arg);
	return ST_OK;
}

static int parse_append(const struct option_def *opt, void *params,
			char *arg)
{
	struct config *cfg = params;

	(void)opt;
	/* room for console=, panic= and device parameters */
	if (strlen(arg) > KVMINI_CMDLINE_MAX - 512) {
		err_msg("--append: command line too long (%zu bytes, at most %d)",
			strlen(arg), KVMINI_CMDLINE_MAX - 512);
		return ST_USAGE;
	}
	cfg->append = arg;
	return ST_OK;
}

static int parse_host_cpuid(const struct option_def *opt, void *params,
			    char *arg)
{
	static const char *const names[] = {
		[HOST_CPUID_AUTO] = "auto", [HOST_CPUID_KERNEL] = "kernel",
		[HOST_CPUID_USER] = "user", [HOST_CPUID_OFF] = "off",
	};
	struct config *cfg = params;
	unsigned int i;

	(void)opt;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(arg, names[i])) {
			cfg->host_cpuid = (enum host_cpuid_mode)i;
			return ST_OK;
		}
	}
	return option_bad("--host-cpuid: auto, kernel, user or off", arg);
}

static int parse_cpuid_clear(const struct option_def *opt, void *params,
			     char *arg)
{
	struct config *cfg = params;

	(void)opt;
	cfg->cpuid_clear = arg;	/* checked with the machine (cpuid.c) */
	return ST_OK;
}

static int parse_gic(const struct option_def *opt, void *params, char *arg)
{
	struct config *cfg = params;

	(void)opt;
	if (strcmp(arg, "v2") && strcmp(arg, "v3") && strcmp(arg, "v3-its"))
		return option_bad("--gic: v2, v3 or v3-its", arg);
	cfg->gic_v2 = !strcmp(arg, "v2");
	cfg->gic_its = !strcmp(arg, "v3-its");
	return ST_OK;
}

/* --migrate, --sample: milliseconds into the unsigned int at field */
static int parse_period(const struct option_def *opt, void *params, char *arg)
{
	unsigned int *ms = (unsigned int *)((char *)params + opt->field);

	if (parse_count(arg, MAX_PERIOD_MS, ms) < 0)
		return option_bad(!strcmp(opt->name, "migrate") ?
				  "bad migration period (1..60000 ms)" :
				  "bad sampling period (1..60000 ms)", arg);
	return ST_OK;
}

static int parse_selftest(const struct option_def *opt, void *params,
			  char *arg)
{
	struct config *cfg = params;

	(void)opt;
	return sandbox_parse_selftest(arg, &cfg->seccomp_selftest) < 0 ?
	       ST_USAGE : ST_OK;
}

static int print_help(const struct option_def *opt, void *params, char *arg);

static int print_version(const struct option_def *opt, void *params,
			 char *arg)
{
	(void)opt;
	(void)params;
	(void)arg;
	/* the sanitizers: the integration suite asks */
	printf("kvmini %s (%s%s%s)\n", KVMINI_VERSION, ARCH_NAME,
	       *KVMINI_SANITIZERS ? ";" : "", KVMINI_SANITIZERS);
	return CONFIG_DONE;
}

/* The run-wide options; a device class's own are in its file. */
static const struct option_def run_options[] = {
	{ .name = "mem", .short_name = 'm', .arg = "SIZE",
	  .help = "guest RAM, K/M/G suffixes (default 2M)",
	  .parse = parse_mem },
	{ .name = "mode", .arg = "MODE",
	  .help = "start mode: real, protected or long (16, 32, 64);\n"
		  "default: the image's kvmini note, else ELF class,\n"
		  "else real mode for a flat binary",
	  .parse = parse_mode },
	{ .name = "polling", .short_name = 'p',
	  .help = "SIMVIRTIO polling mode: no notification exits;\n"
		  "virtio devices poll their rings while busy",
	  OPTION_SET(struct config, polling) },
	{ .name = "stats", .short_name = 's', .arg = "FMT",
	  .arg_optional = true,
	  .help = "print exit statistics at the end; FMT text or json",
	  .parse = parse_stats },
	{ .name = "stats-file", .arg = "FILE",
	  .help = "write the statistics to FILE instead of stderr",
	  .parse = parse_stats_file },
	{ .name = "trace", .short_name = 't', .arg = "FILE",
	  .help = "write one line per exit to FILE",
	  OPTION_STRING(struct config, trace_file) },
	{ .name = "timeout", .arg = "SEC",
	  .help = "stop a guest still running after SEC seconds",
	  .parse = parse_timeout },
	{ .name = "strict-io",
	  .help = "unclaimed port or MMIO accesses end the run",
	  OPTION_SET(struct config, strict_io) },
	{ .name = "no-check",
	  .help = "do not check the guest's result (42 convention)",
	  OPTION_CLEAR(struct config, check) },
	{ .name = "cpus", .short_name = 'c', .arg = "N",
	  .help = "number of vCPUs (default 1)",
	  .parse = parse_cpus },
	{ .name = "initrd", .arg = "FILE",
	  .help = "initramfs for a Linux kernel image; the module of a\n"
		  "Multiboot image",
	  OPTION_STRING(struct config, initrd) },
	{ .name = "append", .arg = "TEXT",
	  .help = "kernel command line for a Linux kernel image; a\n"
		  "Multiboot image's, after the image's name",
	  .parse = parse_append },
	{ .name = "host-cpuid", .arg = "M", .family = "arm64",
	  .help = "arm64 host_cpuid hypercall: auto (default), kernel,\n"
		  "user (answered by kvmini) or off",
	  .parse = parse_host_cpuid },
	{ .name = "flat-kernel", .family = "arm64",
	  .help = "arm64: boot a flat IMAGE as a Linux kernel (device\n"
		  "tree in x0) with --append as its whole command line,\n"
		  "as kvmtool does (kvm-unit-tests' kvmtool target)",
	  OPTION_SET(struct config, flat_kernel) },
	{ .name = "gic", .arg = "V", .family = "arm64",
	  .help = "arm64: the vGIC, v3 (default), v3-its (with KVM's\n"
		  "ITS, for MSIs) or v2 (a GICv3 host that can emulate one)",
	  .parse = parse_gic },
	{ .name = "pmu", .family = "arm64",
	  .help = "arm64: give each vCPU KVM's PMUv3 (a kernel's perf,\n"
		  "kvm-unit-tests' pmu tests; bare guests get the vGIC)",
	  OPTION_SET(struct config, pmu) },
	{ .name = "no-hide-seek", .family = "arm64",
	  .help = "arm64: do not enable KVM's HIDE/SEEK device",
	  OPTION_CLEAR(struct config, hide_seek) },
	{ .name = "no-exit-stats-leaf", .family = "x86",
	  .help = "x86: leave KVM's CPUID 0x4fffffff exit statistics off",
	  OPTION_CLEAR(struct config, exit_stats_leaf) },
	{ .name = "cpuid-clear", .arg = "LIST", .family = "x86",
	  .help = "x86: take these features (QEMU's names: pcid, invpcid,\n"
		  "x2apic, ...) out of the guest's CPUID",
	  .parse = parse_cpuid_clear },
	{ .name = "no-pit", .family = "x86",
	  .help = "x86: no PIT (i8254) beside the in-kernel irqchip\n"
		  "(QEMU's -machine pit=off)",
	  OPTION_CLEAR(struct config, pit) },
	{ .name = "migrate", .arg = "MS",
	  .help = "move each vCPU thread to the next host CPU every MS ms",
	  .parse = parse_period, .field = offsetof(struct config, migrate_ms) },
	{ .name = "sample", .arg = "MS",
	  .help = "with --trace: add KVM's exit counters every MS ms",
	  .parse = parse_period, .field = offsetof(struct config, sample_ms) },
	{ .name = "check-kvm",
	  .help = "only check that /dev/kvm can create a VM (status 0 or 4)",
	  OPTION_SET(struct config, check_kvm) },
	{ .name = "irqchip",
	  .help = "a bare guest gets what a kernel gets: the in-kernel\n"
		  "interrupt controller, virtio by ioeventfd and irqfd,\n"
		  "the console's input from stdin",
	  OPTION_SET(struct config, irqchip) },
	{ .name = "no-ioeventfd",
	  .help = "virtio: queue notifications and interrupts by exits\n"
		  "to kvmini, not ioeventfd and irqfd (to compare)",
	  OPTION_SET(struct config, no_ioeventfd) },
	{ .name = "no-seccomp",
	  .help = "run without the per-thread seccomp allowlists",
	  OPTION_CLEAR(struct config, seccomp) },
	{ .name = "gdb", .arg = "ADDR",
	  .help = "a GDB stub at tcp:[HOST:]PORT (host 127.0.0.1) or\n"
		  "unix:PATH; the guest waits for GDB before its first\n"
		  "instruction (docs/debugging.md)",
	  .parse = parse_gdb },
	{ .name = "gdb-nowait",
	  .help = "with --gdb: run at once; GDB stops the guest when it\n"
		  "attaches",
	  OPTION_SET(struct config, gdb_nowait) },
	/* tests only, not in --help: a thread makes a forbidden call */
	{ .name = "seccomp-selftest", .arg = "TEST", .parse = parse_selftest },
	{ .name = "help", .short_name = 'h', .help = "this text",
	  .parse = print_help },
	{ .name = "version", .help = "print the version",
	  .parse = print_version },
	{ NULL },
};

static void print_usage(FILE *f)
{
	size_t i, n = device_class_count();
	char item[80];
	int col, len, st;

	fputs("usage: kvmini [options] [IMAGE]\n"
	      "Runs IMAGE (ELF or flat binary) in a KVM virtual machine; without IMAGE,\n"
	      "runs the built-in SIMVIRTIO demo guest.\n\n", f);
	option_help(f, run_options);
	fputs("\nDevices:\n", f);
	for (i = 0; i < n; i++)
		if (device_class_at(i)->options)
			option_help(f, device_class_at(i)->options);
	/* "Exit status: 0 ok, 1 ...", filled to 72 columns */
	col = fprintf(f, "\nExit status:") - 1;
	for (st = 0; st <= ST_MAX; st++) {
		if (!status_text[st])
			continue;
		len = snprintf(item, sizeof(item), "%d %s%s", st, status_text[st],
			       st < ST_MAX ? "," : ".");
		if (col + 1 + len > 72) {
			fputs("\n", f);
			col = 0;
		} else {
			col += fprintf(f, " ");
		}
		col += fprintf(f, "%s", item);
	}
	fputs("\n", f);
}

static int print_help(const struct option_def *opt, void *params, char *arg)
{
	(void)opt;
	(void)params;
	(void)arg;
	print_usage(stdout);
	return CONFIG_DONE;
}

void config_defaults(struct config *cfg)
{
	const struct device_class *c;
	size_t i, n = device_class_count();

	memset(cfg, 0, sizeof(*cfg));
	cfg->mem_size = DEFAULT_MEM;
	cfg->check = true;
	cfg->cpus = 1;
	cfg->hide_seek = true;
	cfg->exit_stats_leaf = true;
	cfg->pit = true;
	cfg->seccomp = true;
	for (i = 0; i < n; i++) {
		c = device_class_at(i);
		if (c->params)
			memcpy(c->params, c->params_defaults, c->params_size);
	}
}

/* Every option, run-wide and the device classes', for one parse. */
#define MAX_OPTIONS	64

struct option_set {
	const struct option_def *def[MAX_OPTIONS];
	void *params[MAX_OPTIONS];
	struct option longopts[MAX_OPTIONS + 1];
	char shortopts[3 + 3 * MAX_OPTIONS + 1];
	unsigned int n;
};

static void add_options(struct option_set *set, const struct option_def *d,
			void *params)
{
	static const int has_arg[] = { no_argument, required_argument,
				       optional_argument };
	char *s = set->shortopts + strlen(set->shortopts);
	int kind;

	for (; d->name && set->n < MAX_OPTIONS; d++, set->n++) {
		kind = d->arg ? (d->arg_optional ? 2 : 1) : 0;
		set->def[set->n] = d;
		set->params[set->n] = params;
		set->longopts[set->n] = (struct option){
			d->name, has_arg[kind], NULL, 256 + (int)set->n };
		if (d->short_name) {
			*s++ = d->short_name;
			s = stpcpy(s, kind == 2 ? "::" : kind ? ":" : "");
		}
	}
}

static void collect_options(struct option_set *set, struct config *cfg)
{
	const struct device_class *c;
	size_t i, n = device_class_count();

	memset(set, 0, sizeof(*set));
	/*
	 * '-': arguments in order, the image as option 1, so that the
	 * element each call parsed is argv[at] for error messages; ':': a
	 * missing argument is ':', not '?'.
	 */
	memcpy(set->shortopts, "-:", 3);
	add_options(set, run_options, cfg);
	for (i = 0; i < n; i++) {
		c = device_class_at(i);
		if (c->options)
			add_options(set, c->options, c->params);
	}
}

/* The option getopt returned as c, or -1. */
static int option_index(const struct option_set *set, int c)
{
	unsigned int i;

	if (c >= 256)
		return c - 256 < (int)set->n ? c - 256 : -1;
	for (i = 0; i < set->n; i++)
		if (set->def[i]->short_name == c)
			return (int)i;
	return -1;
}

/* How many long options NAME (up to '=' or its end) abbreviates. */
static int long_matches(const struct option_set *set, const char *name)
{
	size_t len = strcspn(name, "=");
	unsigned int i;
	int n = 0;

	for (i = 0; i < set->n; i++)
		n += !strncmp(set->def[i]->name, name, len);
	return n;
}

/*
 * getopt's error C (':' or '?') for the element ARG it was parsing: name
 * the option as the user wrote it, not a neighbour.
 */
static int bad_option(const struct option_set *set, int c, const char *arg)
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
			long_matches(set, arg + 2) > 1 ? "ambiguous" : "unknown",
			len, arg);
	}
	return ST_USAGE;
}

/* Remembers the first option that only one family's guests have. */
static void note_family(struct config *cfg, const struct option_def *d)
{
	if (d->family && !cfg->arch_option)
		cfg->arch_option = d;
}

int config_parse(struct config *cfg, int argc, char **argv)
{
	static struct option_set set;
	int at, c, i, st;

	collect_options(&set, cfg);
	optind = 0;	/* full re-initialisation: tests parse many times */
	opterr = 0;
	for (;;) {
		at = optind ? optind : 1;
		c = getopt_long(argc, argv, set.shortopts, set.longopts, NULL);
		if (c == -1)
			break;
		if (c == 1) {
			if (cfg->image)
				return option_bad("more than one image", optarg);
			cfg->image = optarg;
			continue;
		}
		i = option_index(&set, c);
		if (i < 0)
			return bad_option(&set, c, argv[at]);
		st = set.def[i]->parse(set.def[i], set.params[i], optarg);
		if (st != ST_OK)
			return st;
		note_family(cfg, set.def[i]);
	}
	if (cfg->sample_ms && !cfg->trace_file) {
		err_msg("--sample needs --trace (see kvmini --help)");
		return ST_USAGE;
	}
	/* after "--": the image, once */
	if (optind < argc && !cfg->image)
		cfg->image = argv[optind++];
	if (optind < argc)
		return option_bad("more than one image", argv[optind]);
	return ST_OK;
}

int config_check(const struct config *cfg, const struct image *img)
{
	if (!img->kernel && !img->multiboot && (cfg->initrd || cfg->append)) {
		err_msg("--initrd and --append need a Linux kernel or a Multiboot image");
		return ST_USAGE;
	}
	if (cfg->gdb_nowait && !cfg->gdb) {
		err_msg("--gdb-nowait needs --gdb");
		return ST_USAGE;
	}
	if (cfg->arch_option && strcmp(cfg->arch_option->family, ARCH_FAMILY)) {
		err_msg("--%s is for %s guests", cfg->arch_option->name,
			cfg->arch_option->family);
		return ST_USAGE;
	}
	return ST_OK;
}
