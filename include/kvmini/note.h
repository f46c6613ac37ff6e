/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ELF note by which a guest image tells kvmini how it wants to start.
 * Name "kvmini", type KVMINI_NOTE_MODE, desc a u32 whose meaning the
 * architecture defines (x86: 16, 32 or 64 for real, protected, long mode).
 */
#ifndef KVMINI_NOTE_H
#define KVMINI_NOTE_H

#define KVMINI_NOTE_NAME	"kvmini"
#define KVMINI_NOTE_MODE	1

#endif /* KVMINI_NOTE_H */
