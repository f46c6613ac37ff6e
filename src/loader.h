/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest images: ELF (32 or 64-bit, little-endian, ET_EXEC) or a flat
 * binary. Parsing validates everything against the guest RAM layout before
 * any byte is placed, so a bad image fails before KVM is touched.
 */
#ifndef KVMINI_LOADER_H
#define KVMINI_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vm;

#define IMAGE_MAX_SEGS	8
/* the largest image file read: an ELF may carry far more than it loads */
#define IMAGE_FILE_MAX	(4ULL << 30)

struct image_seg {
	uint64_t gpa;
	uint64_t offset;	/* in the file */
	uint64_t filesz;
	uint64_t memsz;		/* the rest, up to memsz, is zeroed */
};

struct image {
	const char *name;	/* for messages */
	const uint8_t *data;
	size_t size;
	bool owned;		/* data was read by image_read() */
	bool elf;
	int elf_class;		/* ELFCLASS32/64, 0 for a flat binary */
	int note_mode;		/* from the kvmini ELF note, 0 if none */
	int mode;		/* set by the arch (or --mode) */
	bool kernel;		/* a Linux kernel image (set by the arch) */
	bool flat_kernel;	/* a flat binary to boot as one (--flat-kernel) */
	bool multiboot;		/* a Multiboot v1 image (set by the arch) */
	uint64_t entry;
	struct image_seg segs[IMAGE_MAX_SEGS];
	unsigned int nr_segs;
};

/* Reads a whole file. ST_OK or ST_IMAGE (message printed). */
int image_read(const char *path, uint64_t max_size, struct image *img);

/* Uses a buffer the caller keeps alive (the built-in demo). */
void image_from_buffer(struct image *img, const char *name, const void *buf,
		       size_t size);

/*
 * Parses and validates: every segment inside [ram_base, ram_base +
 * ram_size), the entry point inside a segment. A flat binary becomes one
 * segment at flat_addr. ST_OK or ST_IMAGE (message printed).
 */
int image_parse(struct image *img, uint64_t ram_base, uint64_t ram_size,
		uint64_t flat_addr);

/* Copies the parsed segments into guest memory. ST_OK or ST_IMAGE. */
int image_place(struct vm *vm, const struct image *img);

void image_free(struct image *img);

/*
 * What the loader asks of the architecture (src/arch/<arch>/): whether
 * an ELF image for this e_machine and class can run here, and whether a
 * flat image is a Linux kernel (arch_image_check, in arch.h, places it).
 */
bool arch_elf_ok(uint16_t machine, int elf_class);
bool arch_is_kernel(const struct image *img);

#endif /* KVMINI_LOADER_H */
