/* SPDX-License-Identifier: GPL-2.0 */
/* Sizes of the benchmark guests' work, shared with bench/. */
#ifndef GUEST_BENCH_H
#define GUEST_BENCH_H

#define BENCH_EXITS	20000		/* PIO or MMIO exits per run */
#define BENCH_SV_BYTES	(64 * 1024)	/* SIMVIRTIO TX payload per run */

#endif /* GUEST_BENCH_H */
