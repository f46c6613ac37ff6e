/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small ELF64 guest image for the loader tests, for the machine this
 * kvmini is built for: one PT_LOAD of 16 bytes (32 in memory) at load,
 * entry at load + 4, and one PT_NOTE holding kvmini's mode note (16).
 */
#ifndef KVMINI_TEST_ELF_FIXTURE_H
#define KVMINI_TEST_ELF_FIXTURE_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kvmini/note.h"

#if defined(__x86_64__)
#define ELF_MACHINE		EM_X86_64
#define ELF_OTHER_MACHINE	EM_AARCH64
#elif defined(__aarch64__)
#define ELF_MACHINE		EM_AARCH64
#define ELF_OTHER_MACHINE	EM_X86_64
#else
#error "no ELF machine for this architecture"
#endif

struct elf64 {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];
	Elf64_Nhdr nh;
	char name[8];
	uint32_t mode;
	uint8_t code[16];
};

static inline void elf_make(struct elf64 *e, uint64_t load)
{
	memset(e, 0, sizeof(*e));
	memcpy(e->eh.e_ident, ELFMAG, SELFMAG);
	e->eh.e_ident[EI_CLASS] = ELFCLASS64;
	e->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	e->eh.e_ident[EI_VERSION] = EV_CURRENT;
	e->eh.e_type = ET_EXEC;
	e->eh.e_machine = ELF_MACHINE;
	e->eh.e_entry = load + 4;
	e->eh.e_phoff = offsetof(struct elf64, ph);
	e->eh.e_phentsize = sizeof(Elf64_Phdr);
	e->eh.e_phnum = 2;
	e->ph[0].p_type = PT_LOAD;
	e->ph[0].p_offset = offsetof(struct elf64, code);
	e->ph[0].p_paddr = load;
	e->ph[0].p_filesz = 16;
	e->ph[0].p_memsz = 32;
	e->ph[1].p_type = PT_NOTE;
	e->ph[1].p_offset = offsetof(struct elf64, nh);
	e->ph[1].p_filesz = sizeof(Elf64_Nhdr) + 8 + 4;
	e->nh.n_namesz = sizeof(KVMINI_NOTE_NAME);
	e->nh.n_descsz = 4;
	e->nh.n_type = KVMINI_NOTE_MODE;
	memcpy(e->name, KVMINI_NOTE_NAME, sizeof(KVMINI_NOTE_NAME));
	e->mode = 16;
	memset(e->code, 0x90, sizeof(e->code));
}

#endif /* KVMINI_TEST_ELF_FIXTURE_H */
