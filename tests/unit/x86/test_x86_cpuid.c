// SPDX-License-Identifier: GPL-2.0
/* --cpuid-clear (src/arch/x86/cpuid.c): names to bits, bits cleared. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "status.h"
#include "x86_internal.h"

#define PCID		(1u << 17)
#define X2APIC		(1u << 21)
#define INVPCID		(1u << 10)
#define RDTSCP		(1u << 27)

static struct kvm_cpuid2 *table(void)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + 4 * sizeof(c->entries[0]));

	assert_non_null(c);
	c->nent = 4;
	c->entries[0] = (struct kvm_cpuid_entry2){ .function = 1,
		.ecx = ~0u, .edx = ~0u };
	c->entries[1] = (struct kvm_cpuid_entry2){ .function = 7, .index = 0,
		.ebx = ~0u, .ecx = ~0u };
	c->entries[2] = (struct kvm_cpuid_entry2){ .function = 7, .index = 1,
		.ebx = ~0u };
	c->entries[3] = (struct kvm_cpuid_entry2){ .function = 0x80000001,
		.ecx = ~0u, .edx = ~0u };
	return c;
}

static void test_names(void **state)
{
	uint32_t a, b;

	(void)state;
	assert_int_equal(x86_cpuid_clear_parse(NULL, &a), ST_OK);
	assert_int_equal(a, 0);
	assert_int_equal(x86_cpuid_clear_parse("", &a), ST_OK);
	assert_int_equal(a, 0);
	assert_int_equal(x86_cpuid_clear_parse("pcid,invpcid", &a), ST_OK);
	assert_int_equal(x86_cpuid_clear_parse("invpcid,pcid,", &b), ST_OK);
	assert_int_equal(a, b);
	assert_int_not_equal(a, 0);
	/* whole names only: a prefix or a longer word is refused */
	assert_int_equal(x86_cpuid_clear_parse("pci", &a), ST_USAGE);
	assert_int_equal(x86_cpuid_clear_parse("pcidx", &a), ST_USAGE);
	assert_int_equal(x86_cpuid_clear_parse("pcid,,x2apic", &a), ST_USAGE);
	assert_int_equal(x86_cpuid_clear_parse("-pcid", &a), ST_USAGE);
}

static void test_cleared(void **state)
{
	struct kvm_cpuid2 *c = table();
	uint32_t mask;

	(void)state;
	assert_int_equal(x86_cpuid_clear_parse("pcid,invpcid,rdtscp", &mask),
			 ST_OK);
	x86_cpuid_clear(c, mask);
	assert_int_equal(c->entries[0].ecx, ~PCID);
	assert_int_equal(c->entries[0].edx, ~0u);
	assert_int_equal(c->entries[1].ebx, ~INVPCID);
	assert_int_equal(c->entries[1].ecx, ~0u);
	/* leaf 7's other subleaf is not the feature's */
	assert_int_equal(c->entries[2].ebx, ~0u);
	assert_int_equal(c->entries[3].edx, ~RDTSCP);
	assert_int_equal(c->entries[3].ecx, ~0u);
	/* nothing asked, nothing changed */
	x86_cpuid_clear(c, 0);
	assert_int_equal(c->entries[0].ecx, ~PCID);
	assert_int_equal(x86_cpuid_clear_parse("x2apic", &mask), ST_OK);
	x86_cpuid_clear(c, mask);
	assert_int_equal(c->entries[0].ecx, ~(PCID | X2APIC));
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_cleared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
