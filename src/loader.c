// SPDX-License-Identifier: GPL-2.0
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kvmini/note.h"
#include "loader.h"
#include "log.h"
#include "status.h"
#include "vm.h"

static int bad_image(const struct image *img, const char *why)
{
	err_msg("%s: %s", img->name, why);
	return ST_IMAGE;
}

int image_read(const char *path, uint64_t max_size, struct image *img)
{
	struct stat st;
	uint8_t *buf;
	size_t done = 0;
	ssize_t n = 0;
	int fd;

	memset(img, 0, sizeof(*img));
	img->name = path;
	/*
	 * O_NONBLOCK: open() of a FIFO would wait for a writer for ever
	 * (only a regular file is read, where the flag changes nothing)
	 */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		err_msg("%s: cannot open: %s", path, strerror(errno));
		return ST_IMAGE;
	}
	if (fstat(fd, &st) < 0) {
		err_msg("%s: cannot stat: %s", path, strerror(errno));
		close(fd);
		return ST_IMAGE;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return bad_image(img, "not a regular file");
	}
	if (st.st_size == 0) {
		close(fd);
		return bad_image(img, "image is empty");
	}
	if ((uint64_t)st.st_size > max_size) {
		close(fd);
		err_msg("%s: image file is %lld bytes, more than kvmini reads (%llu)",
			path, (long long)st.st_size, (unsigned long long)max_size);
		return ST_IMAGE;
	}
	buf = malloc(st.st_size);
	if (!buf) {
		close(fd);
		return bad_image(img, "out of memory reading image");
	}
	while (done < (size_t)st.st_size) {
		n = read(fd, buf + done, st.st_size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += n;
	}
	if (done != (size_t)st.st_size) {
		if (n < 0)
			err_msg("%s: read: %s", path, strerror(errno));
		else	/* the file shrank since fstat */
			err_msg("%s: short read: %zu of %lld bytes", path,
				done, (long long)st.st_size);
		close(fd);
		free(buf);
		return ST_IMAGE;
	}
	close(fd);
	img->data = buf;
	img->size = done;
	img->owned = true;
	return ST_OK;
}

void image_from_buffer(struct image *img, const char *name, const void *buf,
		       size_t size)
{
	memset(img, 0, sizeof(*img));
	img->name = name;
	img->data = buf;
	img->size = size;
}

void image_free(struct image *img)
{
	if (img->owned)
		free((void *)img->data);
	img->data = NULL;
	img->owned = false;
}

/* [off, off + len) lies inside the file */
static bool in_file(const struct image *img, uint64_t off, uint64_t len)
{
	return off <= img->size && len <= img->size - off;
}

static bool in_ram(uint64_t gpa, uint64_t len, uint64_t base, uint64_t size)
{
	return gpa >= base && gpa - base <= size && len <= size - (gpa - base);
}

/* Finds the kvmini mode note in a PT_NOTE segment. */
static void parse_notes(struct image *img, uint64_t off, uint64_t len)
{
	const uint8_t *p = img->data + off, *end = p + len;
	Elf64_Nhdr nh;	/* same layout as Elf32_Nhdr */
	uint64_t nsz, dsz;
	uint32_t mode;

	while ((uint64_t)(end - p) >= sizeof(nh)) {
		memcpy(&nh, p, sizeof(nh));
		p += sizeof(nh);
		nsz = ((uint64_t)nh.n_namesz + 3) & ~3ULL;
		dsz = ((uint64_t)nh.n_descsz + 3) & ~3ULL;
		if (nsz > (uint64_t)(end - p) || dsz > (uint64_t)(end - p) - nsz)
			return;
		if (nh.n_namesz == sizeof(KVMINI_NOTE_NAME) &&
		    !memcmp(p, KVMINI_NOTE_NAME, sizeof(KVMINI_NOTE_NAME)) &&
		    nh.n_type == KVMINI_NOTE_MODE && nh.n_descsz == 4) {
			memcpy(&mode, p + nsz, 4);
			img->note_mode = (int)mode;
		}
		p += nsz + dsz;
	}
}

struct phdr {
	uint32_t type;
	uint64_t offset, paddr, filesz, memsz;
};

static void get_phdr(const struct image *img, uint64_t off, struct phdr *ph)
{
	Elf64_Phdr p64;
	Elf32_Phdr p32;

	if (img->elf_class == ELFCLASS64) {
		memcpy(&p64, img->data + off, sizeof(p64));
		*ph = (struct phdr){ p64.p_type, p64.p_offset, p64.p_paddr,
				     p64.p_filesz, p64.p_memsz };
	} else {
		memcpy(&p32, img->data + off, sizeof(p32));
		*ph = (struct phdr){ p32.p_type, p32.p_offset, p32.p_paddr,
				     p32.p_filesz, p32.p_memsz };
	}
}

static int parse_elf(struct image *img, uint64_t ram_base, uint64_t ram_size)
{
	uint64_t phoff, phentsize, want, i;
	uint16_t machine, type, phnum;
	struct image_seg *seg;
	struct phdr ph;
	Elf64_Ehdr e64;
	Elf32_Ehdr e32;

	img->elf = true;
	if (!in_file(img, 0, EI_NIDENT))	/* e_ident holds the class */
		return bad_image(img, "truncated ELF header");
	img->elf_class = img->data[EI_CLASS];
	if (img->elf_class == ELFCLASS64) {
		if (!in_file(img, 0, sizeof(e64)))
			return bad_image(img, "truncated ELF header");
		memcpy(&e64, img->data, sizeof(e64));
		machine = e64.e_machine;
		type = e64.e_type;
		img->entry = e64.e_entry;
		phoff = e64.e_phoff;
		phentsize = e64.e_phentsize;
		phnum = e64.e_phnum;
		want = sizeof(Elf64_Phdr);
	} else if (img->elf_class == ELFCLASS32) {
		if (!in_file(img, 0, sizeof(e32)))
			return bad_image(img, "truncated ELF header");
		memcpy(&e32, img->data, sizeof(e32));
		machine = e32.e_machine;
		type = e32.e_type;
		img->entry = e32.e_entry;
		phoff = e32.e_phoff;
		phentsize = e32.e_phentsize;
		phnum = e32.e_phnum;
		want = sizeof(Elf32_Phdr);
	} else {
		return bad_image(img, "unknown ELF class");
	}
	if (img->data[EI_DATA] != ELFDATA2LSB)
		return bad_image(img, "ELF image is not little-endian");
	if (!arch_elf_ok(machine, img->elf_class))
		return bad_image(img, "ELF image is for another architecture");
	if (type != ET_EXEC)
		return bad_image(img, "ELF image is not an executable (ET_EXEC)");
	if (phentsize != want || !phnum)
		return bad_image(img, "ELF image has no usable program headers");
	if (!in_file(img, phoff, (uint64_t)phnum * want))
		return bad_image(img, "truncated ELF program headers");

	for (i = 0; i < phnum; i++) {
		get_phdr(img, phoff + i * want, &ph);
		if (ph.type == PT_NOTE && in_file(img, ph.offset, ph.filesz))
			parse_notes(img, ph.offset, ph.filesz);
		if (ph.type != PT_LOAD || !ph.memsz)
			continue;
		if (img->nr_segs == IMAGE_MAX_SEGS)
			return bad_image(img, "too many ELF segments");
		if (!in_file(img, ph.offset, ph.filesz))
			return bad_image(img, "truncated: a segment lies past the end of the file");
		if (ph.filesz > ph.memsz)
			return bad_image(img, "ELF segment file size exceeds its memory size");
		if (!in_ram(ph.paddr, ph.memsz, ram_base, ram_size))
			return bad_image(img, "ELF segment lies outside guest RAM");
		seg = &img->segs[img->nr_segs++];
		*seg = (struct image_seg){ ph.paddr, ph.offset, ph.filesz,
					   ph.memsz };
	}
	if (!img->nr_segs)
		return bad_image(img, "ELF image has no loadable segment");
	return ST_OK;
}

int image_parse(struct image *img, uint64_t ram_base, uint64_t ram_size,
		uint64_t flat_addr)
{
	unsigned int i;

	/* only what is loaded must fit: an ELF file may hold much more */
	if (!img->size)
		return bad_image(img, "image is empty");
	if (img->size >= SELFMAG && !memcmp(img->data, ELFMAG, SELFMAG)) {
		if (parse_elf(img, ram_base, ram_size) != ST_OK)
			return ST_IMAGE;
	} else {
		/* a kernel's placement and size are the architecture's */
		if (!arch_is_kernel(img) &&
		    !in_ram(flat_addr, img->size, ram_base, ram_size))
			return bad_image(img, "flat image does not fit in guest RAM at its load address");
		img->segs[0] = (struct image_seg){ flat_addr, 0, img->size,
						   img->size };
		img->nr_segs = 1;
		img->entry = flat_addr;
	}
	for (i = 0; i < img->nr_segs; i++)
		if (img->entry >= img->segs[i].gpa &&
		    img->entry - img->segs[i].gpa < img->segs[i].memsz)
			return ST_OK;
	return bad_image(img, "entry point is outside the loaded segments");
}

int image_place(struct vm *vm, const struct image *img)
{
	const struct image_seg *s;
	uint8_t *dst;
	unsigned int i;

	for (i = 0; i < img->nr_segs; i++) {
		s = &img->segs[i];
		dst = vm_gpa(vm, s->gpa, s->memsz);
		if (!dst)
			return bad_image(img, "segment outside guest memory");
		memcpy(dst, img->data + s->offset, s->filesz);
		memset(dst + s->filesz, 0, s->memsz - s->filesz);
	}
	return ST_OK;
}
