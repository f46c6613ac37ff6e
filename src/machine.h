/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One whole run: image, VM, devices, vCPU threads, result checks, report.
 */
#ifndef KVMINI_MACHINE_H
#define KVMINI_MACHINE_H

struct config;
struct machine;
struct vcpu;

/*
 * --check-kvm: can this machine create a VM? One line on stderr either way
 * (why not, and what to do); ST_OK or ST_HOST.
 */
int machine_check_kvm(void);

/* Whole run; returns the process exit status (enum kvmini_status). */
int machine_run(const struct config *cfg);

/*
 * The run in parts, as machine_run() takes them (bench/ runs vCPU 0 on
 * them itself): machine_create() loads the image and builds VM, devices
 * and vCPUs ready for KVM_RUN (ST_OK or a status).
 */
int machine_create(const struct config *cfg, struct machine **out);
struct vcpu *machine_vcpu(struct machine *m);
void machine_destroy(struct machine *m);

#endif /* KVMINI_MACHINE_H */
