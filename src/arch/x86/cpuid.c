// SPDX-License-Identifier: GPL-2.0
/*
 * --cpuid-clear: CPU features taken out of the CPUID that KVM supports,
 * by QEMU's names for them, for guests that test a CPU without them
 * (kvm-unit-tests' pcid-disabled: QEMU's -cpu ...,-pcid). Only taking
 * away: a feature KVM does not support cannot be added.
 */
#include <string.h>

#include "compiler.h"
#include "log.h"
#include "status.h"
#include "x86_internal.h"

enum { EAX, EBX, ECX, EDX };

static const struct cpuid_feature {
	const char *name;
	uint32_t function;
	uint32_t index;
	unsigned int reg;
	unsigned int bit;
} features[] = {
	{ "pcid", 1, 0, ECX, 17 },
	{ "x2apic", 1, 0, ECX, 21 },
	{ "tsc-deadline", 1, 0, ECX, 24 },
	{ "xsave", 1, 0, ECX, 26 },
	{ "invpcid", 7, 0, EBX, 10 },
	{ "la57", 7, 0, ECX, 16 },
	{ "svm", 0x80000001, 0, ECX, 2 },
	{ "rdtscp", 0x80000001, 0, EDX, 27 },
};

#define NR_FEATURES	ARRAY_SIZE(features)

int x86_cpuid_clear_parse(const char *list, uint32_t *mask)
{
	const char *p = list;
	size_t n;
	unsigned int i;

	*mask = 0;
	while (p && *p) {
		n = strcspn(p, ",");
		for (i = 0; i < NR_FEATURES; i++)
			if (strlen(features[i].name) == n &&
			    !strncmp(features[i].name, p, n))
				break;
		if (i == NR_FEATURES) {
			err_msg("--cpuid-clear: unknown feature '%.*s' (pcid, x2apic, tsc-deadline, xsave, invpcid, la57, svm, rdtscp)",
				(int)n, p);
			return ST_USAGE;
		}
		*mask |= 1u << i;
		p += n;
		if (*p)
			p++;
	}
	return ST_OK;
}

void x86_cpuid_clear(struct kvm_cpuid2 *c, uint32_t mask)
{
	struct kvm_cpuid_entry2 *e;
	uint32_t *reg[4];
	unsigned int i, j;

	for (i = 0; i < NR_FEATURES; i++) {
		if (!(mask & (1u << i)))
			continue;
		for (j = 0; j < c->nent; j++) {
			e = &c->entries[j];
			if (e->function != features[i].function ||
			    e->index != features[i].index)
				continue;
			reg[EAX] = &e->eax;
			reg[EBX] = &e->ebx;
			reg[ECX] = &e->ecx;
			reg[EDX] = &e->edx;
			*reg[features[i].reg] &= ~(1u << features[i].bit);
		}
	}
}
