/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device life cycle. A device is one file in src/devices/ exporting a
 * struct device_class, listed once in devices.c.
 */
#ifndef KVMINI_DEVICE_H
#define KVMINI_DEVICE_H

struct config;
struct vm;

struct device_class {
	const char *name;
	/* registers on vm's bus; *state is passed to the other calls */
	int (*create)(struct vm *vm, const struct config *cfg, void **state);
	/* optional: before the first KVM_RUN (e.g. start a poller) */
	int (*start)(void *state);
	/* optional: after every vCPU has left KVM_RUN */
	void (*stop)(void *state);
	void (*destroy)(void *state);
};

extern const struct device_class cmos_rtc_class;
extern const struct device_class debugcon_class;
extern const struct device_class exitdev_class;
extern const struct device_class i8042_class;
extern const struct device_class pl011_class;
extern const struct device_class serial8250_class;
extern const struct device_class simvirtio_class;

/* NULL-terminated list of the machine's devices (src/arch/<arch>/) */
extern const struct device_class *const device_classes[];

#endif /* KVMINI_DEVICE_H */
