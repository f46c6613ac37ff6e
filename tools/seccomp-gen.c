// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp-gen [--far-jumps] ARCH: compiles the allowlists of
 * src/sandbox_lists.h into one seccomp BPF program per thread role for
 * ARCH (libseccomp's name: x86_64, aarch64), written as C on stdout
 * (src/sandbox_bpf.h says what it holds). It runs on the build host,
 * where libseccomp gives ARCH's system call numbers and names: kvmini
 * needs none of it at run time, where building the filters with
 * libseccomp took about 0.6 ms of each start (docs/performance.md).
 *
 * Each program: the architecture (another ABI traps), then a binary
 * search on the call number down to leaves of a few calls, each with its
 * own action (argument checks, EPERM, a serving call's patchable RET).
 * Both builds' programs are written, the sanitizer builds' (which add
 * calls) under #if: the file serves every variant of the architecture.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <seccomp.h>

#include "compiler.h"
#include "sandbox_bpf.h"
#include "sandbox_lists.h"

#define MAX_CONDS	32
#define LEAF		4	/* calls a leaf compares one by one */
#define MAX_JUMP	255	/* a conditional jump's 8-bit offset */
#define X32_BIT		0x40000000u

#define RET_ALLOW	"SECCOMP_RET_ALLOW"
#define RET_TRAP	"SECCOMP_RET_TRAP"
#define RET_EPERM	"SECCOMP_RET_ERRNO | EPERM"

enum opcode { LD_ARCH, LD_NR, LD_ARG, AND, JEQ, JGE, JA, RET };
enum mark { NO_MARK, MARK_PID, MARK_SLOT };

struct insn {
	enum opcode op;
	char k[96];		/* a C expression */
	unsigned int jt, jf;
	enum mark mark;
	int slot;
	const char *note;	/* the call, for the reader */
};

struct prog {
	struct insn *v;
	unsigned int n, size;
};

/* a condition on a call's argument: allowed, or refused with EPERM */
struct cond {
	int arg;
	const char *mask;
	const char *value;
	bool eperm;
};

/* what one role's program does with one call */
struct call {
	bool used;
	bool allow;		/* always */
	bool eperm;		/* refused unless a condition allows it */
	int slot;		/* its serving call, or -1 */
	struct cond conds[MAX_CONDS];
	unsigned int nr_conds;
};

static uint32_t arch;
static const char *arch_name;
static struct call calls[SANDBOX_NR_NAMES];
static const char *names[SANDBOX_NR_NAMES];
static const char *serving[SANDBOX_MAX_SERVING];
static unsigned int nr_serving;
/*
 * The longest subtree the binary search jumps over with JGE's own offset
 * (8 bits); a longer one takes a JA. No program of today's lists (about
 * a hundred instructions) needs it: --far-jumps sets this to 0, every
 * node then takes a JA, and the unit tests run those programs too.
 */
static unsigned int near_jump = MAX_JUMP;

static void __printf(1, 2) __noreturn
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "seccomp-gen: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

/*
 * ARCH's number of name, or -1 where ARCH lacks the call (libseccomp's
 * negative pseudo-number: poll, open on arm64). A name libseccomp does
 * not know at all is a misspelling in the lists, which would otherwise
 * drop the call from every filter without a word.
 */
static int resolve(const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(arch, name);

	if (nr == __NR_SCMP_ERROR)
		die("%s (src/sandbox_lists.h): no such system call", name);
	if (nr < 0)
		return -1;
	if (nr >= SANDBOX_NR_NAMES)
		die("%s is call %d on %s: raise SANDBOX_NR_NAMES", name, nr,
		    arch_name);
	return nr;
}

static struct call *lookup(const char *name)
{
	int nr = resolve(name);

	if (nr < 0)
		return NULL;
	calls[nr].used = true;
	return &calls[nr];
}

static void allow_list(const char *const *list)
{
	struct call *c;

	for (; list && *list; list++) {
		c = lookup(*list);
		if (c)
			c->allow = true;
	}
}

static void add_cond(const char *name, int arg, const char *mask,
		     const char *value, bool eperm)
{
	struct call *c = lookup(name);

	if (!c)
		return;
	if (arg == SB_ANY) {
		if (eperm)
			c->eperm = true;
		else
			c->allow = true;
		return;
	}
	if (c->nr_conds == MAX_CONDS)
		die("%s: more than %d conditions", name, MAX_CONDS);
	c->conds[c->nr_conds++] = (struct cond){ arg, mask, value, eperm };
}

static void add_rules(const struct sb_rule *r, bool eperm)
{
	for (; r && r->call; r++)
		if (!r->unless || resolve(r->unless) < 0)
			add_cond(r->call, r->arg, r->mask, r->value, eperm);
}

static void allow_ioctls(const char *const *list)
{
	for (; list && *list; list++)
		add_cond("ioctl", 1, SB_ALL_BITS, *list, false);
}

/* Every call of role in the sanitizer builds or not, by number. */
static void collect(const struct sb_role *role, bool sanitizer)
{
	unsigned int i;
	int nr;

	memset(calls, 0, sizeof(calls));
	for (nr = 0; nr < SANDBOX_NR_NAMES; nr++)
		calls[nr].slot = -1;
	allow_list(common_calls);
	add_rules(common_rules, false);
	allow_ioctls(common_ioctls);
	allow_list(role->calls);
	allow_ioctls(role->ioctls);
	allow_ioctls(role->arch_ioctls);
	if (sanitizer) {
		allow_list(sanitizer_calls);
		allow_list(role->sanitizer_calls);
		add_rules(role->refused, true);
	}
	/* what the role always allows needs no slot */
	for (i = 0; i < nr_serving; i++) {
		nr = resolve(serving[i]);
		/* its RET would be EPERM's: no slot to allow it */
		if (calls[nr].eperm)
			die("%s: a serving call, refused by role %s", serving[i],
			    role->name);
		if (!calls[nr].allow) {
			calls[nr].used = true;
			calls[nr].slot = (int)i;
		}
	}
}

static struct insn *emit(struct prog *p, enum opcode op, const char *note)
{
	struct insn *in;

	if (p->n == p->size) {
		p->size = p->size ? 2 * p->size : 64;
		p->v = realloc(p->v, p->size * sizeof(*p->v));
		if (!p->v)
			die("out of memory");
	}
	in = &p->v[p->n++];
	memset(in, 0, sizeof(*in));
	in->op = op;
	in->note = note;
	return in;
}

static void __printf(4, 5) emit_k(struct prog *p, enum opcode op,
				  const char *note, const char *fmt, ...)
{
	struct insn *in = emit(p, op, note);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(in->k, sizeof(in->k), fmt, ap);
	va_end(ap);
}

static void emit_jump(struct prog *p, enum opcode op, const char *note,
		      uint32_t k, unsigned int jt, unsigned int jf)
{
	struct insn *in = emit(p, op, note);

	if (jt > MAX_JUMP || jf > MAX_JUMP)
		die("%s: a jump of more than %d instructions", note, MAX_JUMP);
	snprintf(in->k, sizeof(in->k), "%u", k);
	in->jt = jt;
	in->jf = jf;
}

static void append(struct prog *p, const struct prog *q)
{
	unsigned int i;

	for (i = 0; i < q->n; i++)
		*emit(p, RET, NULL) = q->v[i];
	free(q->v);
}

static bool same_group(const struct cond *a, const struct cond *b)
{
	return a->arg == b->arg && !strcmp(a->mask, b->mask) &&
	       a->eperm == b->eperm;
}

/*
 * What the program does with call nr: allow it, or check its conditions
 * (consecutive ones on the same argument share a load), and then refuse
 * it, trap, or return what its serving slot is set to.
 */
static void action(struct prog *p, int nr)
{
	const struct call *c = &calls[nr];
	const struct cond *g;
	unsigned int i, j, t, m;
	struct insn *in;

	if (c->allow) {
		emit_k(p, RET, names[nr], RET_ALLOW);
		return;
	}
	for (i = 0; i < c->nr_conds; i = j) {
		g = &c->conds[i];
		for (j = i + 1; j < c->nr_conds && same_group(g, &c->conds[j]);
		     j++)
			;
		m = j - i;
		emit_k(p, LD_ARG, names[nr], "SANDBOX_ARG_LO(%d)", g->arg);
		if (strcmp(g->mask, SB_ALL_BITS))
			emit_k(p, AND, names[nr], "(__u32)(%s)", g->mask);
		for (t = 0; t < m; t++) {
			in = emit(p, JEQ, names[nr]);
			if (!strcmp(c->conds[i + t].value, SB_PID)) {
				snprintf(in->k, sizeof(in->k), "0");
				in->mark = MARK_PID;
			} else {
				snprintf(in->k, sizeof(in->k), "(__u32)(%s)",
					 c->conds[i + t].value);
			}
			in->jt = m - 1 - t;
			in->jf = t == m - 1;
		}
		emit_k(p, RET, names[nr], g->eperm ? RET_EPERM : RET_ALLOW);
	}
	if (c->eperm) {
		emit_k(p, RET, names[nr], RET_EPERM);
	} else {
		emit_k(p, RET, names[nr], RET_TRAP);
		if (c->slot >= 0) {
			p->v[p->n - 1].mark = MARK_SLOT;
			p->v[p->n - 1].slot = c->slot;
		}
	}
}

/* A leaf: each call compared in turn, its action after the last. */
static void leaf(struct prog *p, const int *nrs, unsigned int n)
{
	struct prog acts[LEAF] = { 0 };
	unsigned int i, off = 0;

	for (i = 0; i < n; i++)
		action(&acts[i], nrs[i]);
	for (i = 0; i < n; i++) {
		/* past the other compares and the trap of a miss */
		emit_jump(p, JEQ, names[nrs[i]], (uint32_t)nrs[i],
			  n - 1 - i + 1 + off, 0);
		off += acts[i].n;
	}
	emit_k(p, RET, NULL, RET_TRAP);
	for (i = 0; i < n; i++)
		append(p, &acts[i]);
}

/* The binary search over the sorted numbers nrs[0..n). */
static void tree(struct prog *p, const int *nrs, unsigned int n)
{
	struct prog left = { 0 };
	unsigned int mid = n / 2;

	if (n <= LEAF) {
		leaf(p, nrs, n);
		return;
	}
	tree(&left, nrs, mid);
	if (left.n <= near_jump) {
		emit_jump(p, JGE, names[nrs[mid]], (uint32_t)nrs[mid], left.n,
			  0);
	} else {	/* too far for jt: over the left half by JA */
		emit_jump(p, JGE, names[nrs[mid]], (uint32_t)nrs[mid], 0, 1);
		emit_k(p, JA, NULL, "%u", left.n);
	}
	append(p, &left);
	tree(p, nrs + mid, n - mid);
}

static void build(struct prog *p)
{
	int nrs[SANDBOX_NR_NAMES];
	unsigned int n = 0;
	int nr;

	for (nr = 0; nr < SANDBOX_NR_NAMES; nr++)
		if (calls[nr].used)
			nrs[n++] = nr;
	p->n = 0;
	emit(p, LD_ARCH, NULL);
	emit_jump(p, JEQ, arch_name, arch, 1, 0);
	emit_k(p, RET, "another architecture", RET_TRAP);
	emit(p, LD_NR, NULL);
	/* x86-64's x32 ABI: the same architecture, its numbers above */
	if (arch == SCMP_ARCH_X86_64) {
		emit_jump(p, JGE, "x32", X32_BIT, 0, 1);
		emit_k(p, RET, "x32", RET_TRAP);
	}
	tree(p, nrs, n);
}

static const char *const code[] = {
	[LD_ARCH] = "BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch))",
	[LD_NR] = "BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))",
	[LD_ARG] = "BPF_STMT(BPF_LD | BPF_W | BPF_ABS, %s)",
	[AND] = "BPF_STMT(BPF_ALU | BPF_AND | BPF_K, %s)",
	[JEQ] = "BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, %s, %u, %u)",
	[JGE] = "BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, %s, %u, %u)",
	[JA] = "BPF_JUMP(BPF_JMP | BPF_JA, %s, 0, 0)",
	[RET] = "BPF_STMT(BPF_RET | BPF_K, %s)",
};

/* The role's program, and its entry in the table of programs. */
static void print_role(enum sandbox_role r, char *entry, size_t size)
{
	const struct sb_role *role = &sb_roles[r];
	unsigned int at[SANDBOX_MAX_SERVING] = { 0 };
	unsigned int i, pid_at = 0;
	struct prog p = { 0 };
	struct insn *in;
	size_t n;

	build(&p);
	printf("static const struct sock_filter %s_insns[] = {\n", role->name);
	for (i = 0; i < p.n; i++) {
		in = &p.v[i];
		printf("\t/* %3u */ ", i);
		printf(code[in->op], in->k, in->jt, in->jf);
		printf(",");
		if (in->note)
			printf("\t/* %s */", in->note);
		if (in->mark == MARK_PID) {
			printf("\t/* kvmini's pid */");
			pid_at = i;
		} else if (in->mark == MARK_SLOT) {
			printf("\t/* serving slot */");
			at[in->slot] = i;
		}
		printf("\n");
	}
	printf("};\n\n");
	n = (size_t)snprintf(entry, size,
			     "\t[%d] = {\t/* %s */\n\t\t.insns = %s_insns, .len = %u, .pid_at = %u,\n\t\t.serves = %d, .serving_at = {",
			     r, role->name, role->name, p.n, pid_at,
			     role->serves);
	for (i = 0; i < nr_serving && n < size; i++)
		n += (size_t)snprintf(entry + n, size - n, " %u,", at[i]);
	if (n < size)
		snprintf(entry + n, size - n, " },\n\t},\n");
	free(p.v);
}

static void print_variant(bool sanitizer, const char *table)
{
	static char entries[SANDBOX_NR_ROLES][512];
	int r;

	for (r = 0; r < SANDBOX_NR_ROLES; r++) {
		collect(&sb_roles[r], sanitizer);
		print_role(r, entries[r], sizeof(entries[r]));
	}
	printf("const struct sandbox_filter %s[SANDBOX_NR_ROLES] = {\n", table);
	for (r = 0; r < SANDBOX_NR_ROLES; r++)
		printf("%s", entries[r]);
	printf("};\n");
}

/* The architecture, the serving calls and the names, for src/sandbox.c. */
static void print_tables(void)
{
	int nr;

	printf("const unsigned int sandbox_audit_arch = 0x%x;\n\n", arch);
	printf("const char *const sandbox_serving[SANDBOX_MAX_SERVING] = {");
	for (nr = 0; nr < (int)nr_serving; nr++)
		printf(" \"%s\",", serving[nr]);
	printf(" };\nconst unsigned int sandbox_nr_serving = %u;\n\n",
	       nr_serving);
	printf("const char *const sandbox_names[SANDBOX_NR_NAMES] = {\n");
	for (nr = 0; nr < SANDBOX_NR_NAMES; nr++)
		if (names[nr])
			printf("\t[%d] = \"%s\",\n", nr, names[nr]);
	printf("};\n\n");
}

int main(int argc, char **argv)
{
	const char *table = "sandbox_filters";
	const char *const *s;
	char *name;
	int nr;

	if (argc == 3 && !strcmp(argv[1], "--far-jumps")) {
		near_jump = 0;
		table = "sandbox_filters_far";
		argv++;
		argc--;
	}
	if (argc != 2)
		die("usage: seccomp-gen [--far-jumps] ARCH (x86_64, aarch64)");
	arch_name = argv[1];
	arch = seccomp_arch_resolve_name(arch_name);
	if (!arch)
		die("libseccomp knows no architecture '%s'", arch_name);
	for (nr = 0; nr < SANDBOX_NR_NAMES; nr++) {
		name = seccomp_syscall_resolve_num_arch(arch, nr);
		names[nr] = name;	/* freed at exit */
	}
	for (s = serving_calls; *s; s++) {
		if (resolve(*s) < 0)
			continue;
		if (nr_serving == SANDBOX_MAX_SERVING)
			die("more serving calls than SANDBOX_MAX_SERVING");
		serving[nr_serving++] = *s;
	}

	/* the tag's name apart: checkpatch takes it for this file's own */
	printf("// %s: GPL-2.0\n"
	       "/* Written by tools/seccomp-gen %s from src/sandbox_lists.h: do not edit. */\n"
	       "#include <errno.h>\n#include <fcntl.h>\n#include <linux/kvm.h>\n"
	       "#include <sys/ioctl.h>\n#include <sys/mman.h>\n\n"
	       "#include \"compiler.h\"\n#include \"sandbox_bpf.h\"\n\n",
	       "SPDX-License-Identifier", arch_name);
	/* --far-jumps: the tests' programs only, beside the real ones */
	if (near_jump)
		print_tables();
	printf("#if KVMINI_ASAN || KVMINI_TSAN || KVMINI_UBSAN\n");
	print_variant(true, table);
	printf("#else\n");
	print_variant(false, table);
	printf("#endif\n");
	if (fflush(stdout) || ferror(stdout))
		die("cannot write the filters");
	return 0;
}
