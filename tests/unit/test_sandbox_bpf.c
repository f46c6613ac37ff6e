// SPDX-License-Identifier: GPL-2.0
/*
 * The generated seccomp programs (src/sandbox_bpf.h) against their lists
 * (src/sandbox_lists.h) and the target's own numbers and constants, run
 * by a small BPF interpreter: no filter is loaded, so this also runs
 * under qemu-user for another architecture (make unit-arm64), where
 * test_sandbox cannot. Each test runs on sandbox_filters and on
 * sandbox_filters_far, the same programs with every node of the binary
 * search jumping by JA, which no real program needs yet.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/kvm.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <cmocka.h>

#include "compiler.h"
#include "sandbox.h"
#include "sandbox_bpf.h"
#include "sandbox_lists.h"

#define SANITIZER	(KVMINI_ASAN || KVMINI_TSAN || KVMINI_UBSAN)
#define ALLOW		SECCOMP_RET_ALLOW
#define TRAP		SECCOMP_RET_TRAP
#define EPERM_RET	(SECCOMP_RET_ERRNO | EPERM)
#define TEST_PID	4242
#define HIGH_BITS	0xffffffff00000000ULL

#ifdef __x86_64__
#define TARGET_AUDIT_ARCH	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define TARGET_AUDIT_ARCH	AUDIT_ARCH_AARCH64
#endif

static const struct {
	const char *name;
	const struct sandbox_filter *f;
} sets[] = {
	{ "sandbox_filters", sandbox_filters },
	{ "sandbox_filters_far", sandbox_filters_far },
};

/*
 * Per role and call number, what the lists say without arguments: 'a'
 * always allowed, 'e' refused (EPERM), 'c' on a condition, 0 traps.
 */
static char what[SANDBOX_NR_ROLES][SANDBOX_NR_NAMES];
/* the number of each of sandbox_serving */
static int serving_nr[SANDBOX_MAX_SERVING];

/*
 * A program run on d as the kernel does (the instructions seccomp-gen
 * emits): what it returns. Loads and jumps are checked on the way.
 */
static uint32_t run(const struct sock_filter *insns, unsigned int len,
		    const struct seccomp_data *d)
{
	const struct sock_filter *in;
	unsigned int pc = 0;
	uint32_t a = 0;

	while (pc < len) {
		in = &insns[pc++];
		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			assert_true(in->k % 4 == 0 && in->k + 4 <= sizeof(*d));
			memcpy(&a, (const char *)d + in->k, sizeof(a));
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= in->k;
			break;
		case BPF_JMP | BPF_JA:
			pc += in->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == in->k ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= in->k ? in->jt : in->jf;
			break;
		case BPF_RET | BPF_K:
			return in->k;
		default:
			fail_msg("instruction %u: code %#x", pc - 1, in->code);
		}
	}
	fail_msg("the program ran past its end");
	return 0;
}

/* call nr with argument arg set to val and every other one to other */
static uint32_t run_arg(const struct sock_filter *insns, unsigned int len,
			long nr, int arg, uint64_t val, uint64_t other)
{
	struct seccomp_data d = { .nr = (int)nr, .arch = TARGET_AUDIT_ARCH };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(d.args); i++)
		d.args[i] = (int)i == arg ? val : other;
	return run(insns, len, &d);
}

static uint32_t run_call(const struct sandbox_filter *f, long nr)
{
	return run_arg(f->insns, f->len, nr, -1, 0, ~0ULL);
}

/* the program as a thread installs it (sandbox_patch) */
static struct sock_filter *patched(const struct sandbox_filter *f,
				   unsigned int bits)
{
	struct sock_filter *p = sandbox_patch(f, bits, TEST_PID);

	assert_non_null(p);
	return p;
}

static void expect(uint32_t got, uint32_t want, const char *set,
		   enum sandbox_role role, const char *call, const char *how)
{
	if (got != want)
		fail_msg("%s, role %s, %s %s: %#x, not %#x", set,
			 sb_roles[role].name, call, how, got, want);
}

static int nr_of(const char *name)
{
	int nr;

	for (nr = 0; nr < SANDBOX_NR_NAMES; nr++)
		if (sandbox_names[nr] && !strcmp(sandbox_names[nr], name))
			return nr;
	return -1;
}

static bool in_list(const char *const *list, const char *name)
{
	for (; list && *list; list++)
		if (!strcmp(*list, name))
			return true;
	return false;
}

/* the rule of list on call, where this architecture applies it */
static const struct sb_rule *rule_of(const struct sb_rule *r,
				     const char *call)
{
	for (; r && r->call; r++)
		if (!strcmp(r->call, call) &&
		    (!r->unless || nr_of(r->unless) < 0))
			return r;
	return NULL;
}

/* sets w[nr] to how for each call of list this architecture has */
static void mark(char *w, const char *const *list, char how)
{
	int nr;

	for (; list && *list; list++) {
		nr = nr_of(*list);
		if (nr >= 0 && w[nr] != 'a')
			w[nr] = how;
	}
}

static void mark_rules(char *w, const struct sb_rule *r, char always)
{
	const char *one[2] = { NULL, NULL };

	for (; r && r->call; r++) {
		if (r->unless && nr_of(r->unless) >= 0)
			continue;
		one[0] = r->call;
		mark(w, one, r->arg == SB_ANY ? always : 'c');
	}
}

static int setup(void **state)
{
	const struct sb_role *r;
	enum sandbox_role role;
	unsigned int i;

	(void)state;
	for (i = 0; i < sandbox_nr_serving; i++)
		serving_nr[i] = nr_of(sandbox_serving[i]);
	for (role = SANDBOX_MAIN; role < SANDBOX_NR_ROLES; role++) {
		r = &sb_roles[role];
		mark(what[role], common_calls, 'a');
		mark(what[role], r->calls, 'a');
		if (SANITIZER) {
			mark(what[role], sanitizer_calls, 'a');
			mark(what[role], r->sanitizer_calls, 'a');
			mark_rules(what[role], r->refused, 'e');
		}
		mark_rules(what[role], common_rules, 'a');
		what[role][nr_of("ioctl")] = 'c';
	}
	return 0;
}

/* the roles with the main thread's calls, and those with a vCPU's */
#define MAIN_ROLES	(1U << SANDBOX_MAIN | 1U << SANDBOX_MAIN_VCPU)
#define VCPU_ROLES	(1U << SANDBOX_VCPU | 1U << SANDBOX_MAIN_VCPU)

/*
 * The generator's numbers and names are the target's: a few calls of
 * each kind by the target's own SYS_ constants, not by the generated
 * name table, in each role that always allows them and in no other.
 */
static void test_numbers(void **state)
{
	static const struct {
		long nr;
		const char *name;
		unsigned int roles;	/* bit per role allowing it */
	} calls[] = {
		{ SYS_write, "write", ~0U },
		{ SYS_futex, "futex", ~0U },
		{ SYS_munmap, "munmap", ~0U },
		{ SYS_exit_group, "exit_group", ~0U },
		{ SYS_getcpu, "getcpu", VCPU_ROLES },
		{ SYS_clock_nanosleep, "clock_nanosleep", MAIN_ROLES },
		{ SYS_pread64, "pread64", MAIN_ROLES | 1U << SANDBOX_GDB },
		{ SYS_read, "read", 1U << SANDBOX_VIRTIO |
		  1U << SANDBOX_NET_RX | 1U << SANDBOX_CONSOLE_IN |
		  1U << SANDBOX_GDB | (SANITIZER ? MAIN_ROLES : 0) },
		{ SYS_getrandom, "getrandom", 0 },
		{ SYS_openat, "openat", SANITIZER ? MAIN_ROLES : 0 },
		{ SYS_socket, "socket", 0 },
		{ SYS_execve, "execve", 0 },
	};
	enum sandbox_role role;
	unsigned int s, i;
	uint32_t want;

	(void)state;
	assert_int_equal(sandbox_audit_arch, TARGET_AUDIT_ARCH);
	for (i = 0; i < ARRAY_SIZE(calls); i++)
		assert_string_equal(sandbox_syscall_name(calls[i].nr),
				    calls[i].name);
	for (s = 0; s < ARRAY_SIZE(sets); s++) {
		for (role = SANDBOX_MAIN; role < SANDBOX_NR_ROLES; role++) {
			for (i = 0; i < ARRAY_SIZE(calls); i++) {
				want = calls[i].roles & (1U << role) ? ALLOW :
				       TRAP;
				expect(run_call(&sets[s].f[role], calls[i].nr),
				       want, sets[s].name, role, calls[i].name,
				       "by SYS_ number");
			}
		}
	}
}

/*
 * Every call number of the architecture in each role's program, as a
 * thread gets it with no serving call and with all of them: allowed,
 * refused (the sanitizer builds) or trapping as its lists say; another
 * architecture's calls and x32's trap. Calls with conditions are the
 * tests below.
 */
static void sweep(const char *set, enum sandbox_role role,
		  const struct sandbox_filter *f, unsigned int bits)
{
	struct sock_filter *p = patched(f, bits);
	struct seccomp_data d = { .arch = TARGET_AUDIT_ARCH ^ 1 };
	const char *w = what[role];
	unsigned int i;
	uint32_t want;
	int nr;

	for (nr = 0; nr < SANDBOX_NR_NAMES; nr++) {
		if (w[nr] == 'c')
			continue;
		want = w[nr] == 'a' ? ALLOW : w[nr] == 'e' ? EPERM_RET : TRAP;
		for (i = 0; i < sandbox_nr_serving; i++)
			if (nr == serving_nr[i] &&
			    (bits & (1U << i)) && w[nr] != 'a')
				want = ALLOW;
		expect(run_arg(p, f->len, nr, -1, 0, ~0ULL), want, set, role,
		       sandbox_syscall_name(nr), bits ? "served" : "");
	}
	d.nr = SYS_write;
	expect(run(p, f->len, &d), TRAP, set, role, "write",
	       "of another architecture");
	expect(run_arg(p, f->len, 0x40000000 | SYS_write, -1, 0, 0), TRAP,
	       set, role, "write", "as x32");
	free(p);
}

static void test_every_call(void **state)
{
	enum sandbox_role role;
	unsigned int s;

	(void)state;
	for (s = 0; s < ARRAY_SIZE(sets); s++) {
		for (role = SANDBOX_MAIN; role < SANDBOX_NR_ROLES; role++) {
			sweep(sets[s].name, role, &sets[s].f[role], 0);
			sweep(sets[s].name, role, &sets[s].f[role],
			      (1U << sandbox_nr_serving) - 1);
		}
	}
}

#define REQUEST(r)	{ #r, r }

/* every request of the lists (the test fails on one missing), and more */
static const struct {
	const char *name;
	unsigned long req;
} requests[] = {
	REQUEST(TCGETS), REQUEST(TCSETS), REQUEST(FIONREAD),
	REQUEST(TIOCSTI), REQUEST(KVM_RUN), REQUEST(KVM_IRQ_LINE),
	REQUEST(KVM_GET_MP_STATE), REQUEST(KVM_SET_MP_STATE),
	REQUEST(KVM_GET_ONE_REG), REQUEST(KVM_SET_ONE_REG),
	REQUEST(KVM_SET_USER_MEMORY_REGION), REQUEST(KVM_CREATE_VCPU),
	REQUEST(KVM_SET_GUEST_DEBUG), REQUEST(KVM_CHECK_EXTENSION),
#ifdef __x86_64__
	REQUEST(KVM_GET_REGS), REQUEST(KVM_SET_REGS), REQUEST(KVM_GET_SREGS),
	REQUEST(KVM_SET_SREGS), REQUEST(KVM_GET_MSRS), REQUEST(KVM_SET_MSRS),
	REQUEST(KVM_GET_IRQCHIP), REQUEST(KVM_GET_PIT2),
	REQUEST(KVM_GET_LAPIC), REQUEST(KVM_TRANSLATE),
	REQUEST(KVM_GET_VCPU_EVENTS), REQUEST(KVM_SET_FPU),
	REQUEST(KVM_SET_LAPIC), REQUEST(KVM_SET_VCPU_EVENTS),
	REQUEST(KVM_SET_IRQCHIP), REQUEST(KVM_SET_PIT2), REQUEST(KVM_GET_FPU),
#endif
};

static bool role_ioctl(enum sandbox_role role, const char *name)
{
	return in_list(common_ioctls, name) ||
	       in_list(sb_roles[role].ioctls, name) ||
	       in_list(sb_roles[role].arch_ioctls, name);
}

static void have_requests(const char *const *list)
{
	unsigned int i;

	for (; list && *list; list++) {
		for (i = 0; i < ARRAY_SIZE(requests) &&
			    strcmp(requests[i].name, *list); i++)
			;
		if (i == ARRAY_SIZE(requests))
			fail_msg("%s: not among this test's requests", *list);
	}
}

/*
 * Every ioctl request of every role's lists (the architecture's too),
 * allowed in that role and trapping in the others, compared on the low
 * 32 bits only (the high ones set), on argument 1 only: a request
 * allowed comes with every other argument one that is not, and the
 * other way round.
 */
static void test_ioctl_requests(void **state)
{
	enum sandbox_role role;
	uint64_t req, other;
	unsigned int s, i;
	bool allowed;

	(void)state;
	have_requests(common_ioctls);
	for (role = SANDBOX_MAIN; role < SANDBOX_NR_ROLES; role++) {
		have_requests(sb_roles[role].ioctls);
		have_requests(sb_roles[role].arch_ioctls);
	}
	for (s = 0; s < ARRAY_SIZE(sets); s++) {
		for (role = SANDBOX_MAIN; role < SANDBOX_NR_ROLES; role++) {
			const struct sandbox_filter *f = &sets[s].f[role];

			for (i = 0; i < ARRAY_SIZE(requests); i++) {
				allowed = role_ioctl(role, requests[i].name);
				req = HIGH_BITS | requests[i].req;
				other = allowed ? FIONREAD : TCGETS;
				expect(run_arg(f->insns, f->len, SYS_ioctl, 1,
					       req, other),
				       allowed ? ALLOW : TRAP, sets[s].name,
				       role, requests[i].name, "ioctl");
			}
		}
	}
	/* the tests' requests are what the lists name */
	assert_true(role_ioctl(SANDBOX_VCPU, "KVM_RUN"));
	assert_false(role_ioctl(SANDBOX_POLLER, "KVM_RUN"));
	assert_true(role_ioctl(SANDBOX_NET_RX, "KVM_IRQ_LINE"));
	assert_true(role_ioctl(SANDBOX_CONSOLE_IN, "KVM_IRQ_LINE"));
	assert_false(role_ioctl(SANDBOX_VIRTIO, "KVM_IRQ_LINE"));
	assert_true(role_ioctl(SANDBOX_MAIN, "KVM_GET_MP_STATE"));
	assert_true(role_ioctl(SANDBOX_MAIN_VCPU, "KVM_RUN"));
	assert_true(role_ioctl(SANDBOX_MAIN_VCPU, "KVM_GET_MP_STATE"));
}

/*
 * A main thread running the only vCPU may make exactly what the main
 * and vCPU roles may: every call (ioctl requests by their own test) and
 * serving slot, in the programs as built.
 */
static void test_main_vcpu_role(void **state)
{
	const struct sandbox_filter *mv, *m, *v;
	enum sandbox_role role = SANDBOX_MAIN_VCPU;
	unsigned int s, i;
	char a, b, want;
	bool either;
	int nr;

	(void)state;
	for (nr = 0; nr < SANDBOX_NR_NAMES; nr++) {
		a = what[SANDBOX_MAIN][nr];
		b = what[SANDBOX_VCPU][nr];
		/* allowed beats conditional beats refused beats trapping */
		want = a == 'a' || b == 'a' ? 'a' : a == 'c' || b == 'c' ?
		       'c' : a ? a : b;
		if (what[role][nr] != want)
			fail_msg("%s: '%c' in main_vcpu, '%c' and '%c' in main and vcpu",
				 sandbox_names[nr] ? sandbox_names[nr] : "?",
				 what[role][nr] ? what[role][nr] : '0',
				 a ? a : '0', b ? b : '0');
	}
	for (i = 0; i < ARRAY_SIZE(requests); i++)
		assert_int_equal(role_ioctl(role, requests[i].name),
				 role_ioctl(SANDBOX_MAIN, requests[i].name) ||
				 role_ioctl(SANDBOX_VCPU, requests[i].name));
	for (s = 0; s < ARRAY_SIZE(sets); s++) {
		mv = &sets[s].f[role];
		m = &sets[s].f[SANDBOX_MAIN];
		v = &sets[s].f[SANDBOX_VCPU];
		assert_true(mv->serves && v->serves && !m->serves);
		for (i = 0; i < sandbox_nr_serving; i++) {
			either = run_call(m, serving_nr[i]) == ALLOW ||
				 run_call(v, serving_nr[i]) == ALLOW;
			expect(run_call(mv, serving_nr[i]),
			       either ? ALLOW : TRAP, sets[s].name, role,
			       sandbox_serving[i], "as built");
		}
	}
}

/*
 * The argument rules: a value that meets the rule on its own argument
 * (every other argument one that does not), and one that does not (every
 * other argument one that does). Values and argument numbers are the
 * kernel's, written here apart from the lists.
 */
static const struct {
	const char *call;
	long nr;
	int arg;
	uint64_t meets, misses;
	bool eperm;		/* a refusal of the sanitizer builds */
} arg_rules[] = {
	{ "mmap", SYS_mmap, 2, PROT_READ | PROT_WRITE,
	  PROT_READ | PROT_EXEC, false },
	{ "mprotect", SYS_mprotect, 2, PROT_READ, PROT_READ | PROT_EXEC,
	  false },
	{ "newfstatat", SYS_newfstatat, 3,
	  AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, AT_SYMLINK_NOFOLLOW, false },
	{ "tgkill", SYS_tgkill, 0, TEST_PID, TEST_PID + 1, false },
#ifdef SYS_open
	{ "open", SYS_open, 1, O_RDONLY, O_RDONLY | O_CLOEXEC, true },
#endif
	{ "openat", SYS_openat, 2, O_RDONLY, O_RDONLY | O_CLOEXEC, true },
};

/* every rule with a condition of r this architecture applies is here */
static void have_rules(const struct sb_rule *r)
{
	unsigned int i;

	for (; r && r->call; r++) {
		if (r->arg == SB_ANY || !rule_of(r, r->call) ||
		    nr_of(r->call) < 0)
			continue;
		for (i = 0; i < ARRAY_SIZE(arg_rules) &&
			    strcmp(arg_rules[i].call, r->call); i++)
			;
		if (i == ARRAY_SIZE(arg_rules))
			fail_msg("%s: a rule this test lacks", r->call);
		assert_int_equal(r->arg, arg_rules[i].arg);
	}
}

static void test_argument_rules(void **state)
{
	const struct sb_rule *rule;
	struct sock_filter *p;
	enum sandbox_role role;
	uint32_t meets, misses;
	unsigned int s, i;
	char w;

	(void)state;
	have_rules(common_rules);
	for (role = SANDBOX_MAIN; role < SANDBOX_NR_ROLES; role++)
		have_rules(sb_roles[role].refused);
	for (s = 0; s < ARRAY_SIZE(sets); s++) {
		for (role = SANDBOX_MAIN; role < SANDBOX_NR_ROLES; role++) {
			const struct sandbox_filter *f = &sets[s].f[role];

			p = patched(f, 0);
			for (i = 0; i < ARRAY_SIZE(arg_rules); i++) {
				rule = arg_rules[i].eperm ?
				       (SANITIZER ? sb_roles[role].refused :
					NULL) : common_rules;
				rule = rule_of(rule, arg_rules[i].call);
				w = what[role][arg_rules[i].nr];
				if (w == 'a') {
					meets = ALLOW;
					misses = ALLOW;
				} else if (rule) {
					meets = arg_rules[i].eperm ?
						EPERM_RET : ALLOW;
					misses = TRAP;
				} else {
					meets = TRAP;
					misses = TRAP;
				}
				expect(run_arg(p, f->len, arg_rules[i].nr,
					       arg_rules[i].arg,
					       arg_rules[i].meets,
					       arg_rules[i].misses),
				       meets, sets[s].name, role,
				       arg_rules[i].call, "meeting its rule");
				expect(run_arg(p, f->len, arg_rules[i].nr,
					       arg_rules[i].arg,
					       arg_rules[i].misses,
					       arg_rules[i].meets),
				       misses, sets[s].name, role,
				       arg_rules[i].call, "missing its rule");
			}
			free(p);
		}
	}
}

/*
 * A thread's copy (sandbox_patch): each serving call allowed only when
 * given, in every combination; tgkill to the pid set only; nothing else
 * of the program changed.
 */
static void test_patching(void **state)
{
	const struct sandbox_filter *f;
	enum sandbox_role role;
	unsigned int s, i, bits, changed, want_changed;
	struct sock_filter *p;
	uint32_t want;
	int nr;

	(void)state;
	assert_true(sandbox_nr_serving > 0);
	assert_true(sandbox_nr_serving <= SANDBOX_MAX_SERVING);
	for (i = 0; serving_calls[i]; i++)
		assert_int_equal(nr_of(serving_calls[i]) >= 0,
				 in_list(sandbox_serving, serving_calls[i]));
	for (s = 0; s < ARRAY_SIZE(sets); s++) {
		for (role = SANDBOX_MAIN; role < SANDBOX_NR_ROLES; role++) {
			f = &sets[s].f[role];
			assert_int_equal(f->serves, sb_roles[role].serves);
			/* no check where the role always allows it */
			assert_int_equal(f->pid_at != 0,
					 what[role][SYS_tgkill] != 'a');
			for (bits = 0; bits < 1U << sandbox_nr_serving;
			     bits++) {
				p = patched(f, bits);
				changed = 0;
				want_changed = what[role][SYS_tgkill] != 'a';
				for (i = 0; i < f->len; i++)
					changed += memcmp(&p[i], &f->insns[i],
							  sizeof(p[i])) != 0;
				for (i = 0; i < sandbox_nr_serving; i++) {
					nr = serving_nr[i];
					want = what[role][nr] == 'a' ||
					       bits & (1U << i) ? ALLOW : TRAP;
					want_changed += what[role][nr] != 'a' &&
							bits & (1U << i);
					expect(run_arg(p, f->len, nr, -1, 0, 0),
					       want, sets[s].name, role,
					       sandbox_serving[i], "patched");
					expect(run_call(f, nr),
					       what[role][nr] == 'a' ? ALLOW :
					       TRAP, sets[s].name, role,
					       sandbox_serving[i], "as built");
				}
				assert_int_equal(changed, want_changed);
				want = what[role][SYS_tgkill] == 'a' ? ALLOW :
				       TRAP;
				expect(run_arg(p, f->len, SYS_tgkill, 0,
					       TEST_PID + 1, TEST_PID), want,
				       sets[s].name, role, "tgkill",
				       "to another process");
				expect(run_arg(p, f->len, SYS_tgkill, 0,
					       TEST_PID, TEST_PID + 1), ALLOW,
				       sets[s].name, role, "tgkill",
				       "to kvmini");
				free(p);
			}
		}
	}
}

/* the far programs take the JA path; the real ones, today, do not */
static void test_far_jumps(void **state)
{
	enum sandbox_role role;
	unsigned int i, far;

	(void)state;
	for (role = SANDBOX_MAIN; role < SANDBOX_NR_ROLES; role++) {
		far = 0;
		for (i = 0; i < sandbox_filters_far[role].len; i++)
			far += sandbox_filters_far[role].insns[i].code ==
			       (BPF_JMP | BPF_JA);
		assert_true(far > 0);
		assert_true(sandbox_filters_far[role].len >
			    sandbox_filters[role].len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_every_call),
		cmocka_unit_test(test_ioctl_requests),
		cmocka_unit_test(test_argument_rules),
		cmocka_unit_test(test_patching),
		cmocka_unit_test(test_main_vcpu_role),
		cmocka_unit_test(test_far_jumps),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
