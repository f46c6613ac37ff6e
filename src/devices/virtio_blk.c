// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk (virtio 1.2, 5.2) on a raw image file (--disk FILE[,ro]):
 * read, write, flush (fdatasync: flushed data survives kvmini being
 * killed) and get-id. The image is locked (flock) so that two kvmini
 * processes cannot write it at once; a read-only disk takes a shared
 * lock and fails writes. Requests are served in the notifying vCPU's
 * thread, or with ioeventfds in the device's notifier thread (mmio.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/virtio_blk.h>
#include <linux/virtio_ids.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "device.h"
#include "log.h"
#include "status.h"
#include "virtio/mmio.h"
#include "vm.h"

#define SECTOR		512
#define SEG_MAX_BYTES	(1u << 20)	/* one data buffer, offered to the driver */

struct blk_config {		/* the start of struct virtio_blk_config */
	uint64_t capacity;	/* in 512-byte sectors */
	uint32_t size_max;
	uint32_t seg_max;
};

struct blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

struct virtio_blk {
	struct virtio_dev vd;	/* first: the bus ops' opaque */
	struct virtio_backend be;
	int fd;
	bool ro;
	unsigned int index;
	struct blk_config config;
	uint64_t reads, writes, flushes, errors;
};

static const char *const blk_syscalls[] = {
	"pread64", "pwrite64", "fdatasync", NULL,
};

/*
 * More than a machine table holds: the manager refuses the --disk beyond
 * its table's virtio-blk instances with one line.
 */
#define BLK_MAX_DISKS	16

struct blk_params {
	struct disk_opt {
		const char *path;
		bool ro;
	} disks[BLK_MAX_DISKS];
	unsigned int nr;
};

static const struct blk_params defaults;
static struct blk_params params;

/* FILE[,ro]: the suffix ",ro" makes the disk read-only */
static int parse_disk(const struct option_def *o, void *p, char *arg)
{
	struct blk_params *bp = p;
	size_t n = strlen(arg);
	struct disk_opt *d;

	(void)o;
	if (bp->nr == BLK_MAX_DISKS) {
		err_msg("--disk: at most %d disks (see kvmini --help)",
			BLK_MAX_DISKS);
		return ST_USAGE;
	}
	d = &bp->disks[bp->nr];
	d->path = arg;
	d->ro = n > 3 && !strcmp(arg + n - 3, ",ro");
	if (d->ro)
		arg[n - 3] = '\0';
	if (!*d->path) {
		err_msg("--disk: no file name (see kvmini --help)");
		return ST_USAGE;
	}
	bp->nr++;
	return ST_OK;
}

static const struct option_def options[] = {
	{ .name = "disk", .arg = "FILE[,ro]",
	  .help = "a virtio-blk disk on a raw image (up to 4; ro:\n"
		  "read-only)",
	  .parse = parse_disk },
	{ NULL },
};

static bool blk_wanted(const void *p, unsigned int instance)
{
	const struct blk_params *bp = p;

	return instance < bp->nr;
}

static int blk_open(void *state, const void *p, unsigned int instance)
{
	const struct blk_params *bp = p;
	const struct disk_opt *opt = &bp->disks[instance];
	struct virtio_blk *b = state;
	struct stat st;

	b->index = instance;
	b->ro = opt->ro;
	/* O_NONBLOCK: open() of a FIFO (,ro) would wait for a writer */
	b->fd = open(opt->path, (opt->ro ? O_RDONLY : O_RDWR) | O_CLOEXEC |
		     O_NONBLOCK);
	if (b->fd < 0) {
		err_msg("--disk %s: cannot open: %s", opt->path, strerror(errno));
		return ST_IMAGE;
	}
	if (fstat(b->fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
		err_msg("--disk %s: not a regular file or block device", opt->path);
		return ST_IMAGE;
	}
	if (fcntl(b->fd, F_SETFL, fcntl(b->fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		err_msg("--disk %s: fcntl: %s", opt->path, strerror(errno));
		return ST_IMAGE;
	}
	/* shared for a read-only disk, exclusive for one that is written */
	if (flock(b->fd, (opt->ro ? LOCK_SH : LOCK_EX) | LOCK_NB) < 0) {
		err_msg("--disk %s: %s", opt->path, errno == EWOULDBLOCK ?
			"in use by another process (locked)" : strerror(errno));
		return ST_IMAGE;
	}
	if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(b->fd, 0, SEEK_END);

		st.st_size = end < 0 ? 0 : end;
	}
	b->config.capacity = (uint64_t)st.st_size / SECTOR;
	/* header and status apart; a request then fits in a chain's bytes */
	b->config.seg_max = VQ_MAX_SEGS - 2;
	b->config.size_max = SEG_MAX_BYTES;
	return ST_OK;
}

/* pread/pwrite of a whole buffer at off; 0 or -1 */
static int io(struct virtio_blk *b, bool write, void *buf, uint32_t len,
	      uint64_t off)
{
	uint32_t done = 0;
	ssize_t n;

	while (done < len) {
		n = write ? pwrite(b->fd, (char *)buf + done, len - done, (off_t)(off + done))
			  : pread(b->fd, (char *)buf + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (uint32_t)n;
	}
	return 0;
}

/*
 * Serves one request: header (readable), data, status (the last byte,
 * writable). Returns the status; *written counts bytes the device wrote.
 */
static uint8_t serve(struct virtio_blk *b, const struct vq_req *req,
		     uint32_t *written)
{
	const struct vq_buf *data = req->buf + 1;
	unsigned int i, nr = req->nr - 2;
	struct blk_req_hdr h;
	uint64_t off, len = 0;
	bool in;

	memcpy(&h, req->buf[0].hva, sizeof(h));
	switch (h.type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT:
		in = h.type == VIRTIO_BLK_T_IN;
		for (i = 0; i < nr; i++) {
			if (data[i].device_writes != in)
				return VIRTIO_BLK_S_IOERR;
			len += data[i].len;
		}
		if (!in && b->ro)
			return VIRTIO_BLK_S_IOERR;
		if (len % SECTOR || h.sector > b->config.capacity ||
		    len / SECTOR > b->config.capacity - h.sector)
			return VIRTIO_BLK_S_IOERR;
		off = h.sector * SECTOR;
		/* up to 64 MiB a buffer: a stopping VM need not wait for all */
		for (i = 0; i < nr; off += data[i].len, i++)
			if (vm_stopping(b->vd.vm) ||
			    io(b, !in, data[i].hva, data[i].len, off) < 0)
				return VIRTIO_BLK_S_IOERR;
		if (in) {
			*written += (uint32_t)len;
			b->reads++;
		} else {
			b->writes++;
		}
		return VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_FLUSH:
		b->flushes++;
		return fdatasync(b->fd) < 0 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_GET_ID:
		if (!nr || !data[0].device_writes)
			return VIRTIO_BLK_S_IOERR;
		len = data[0].len < VIRTIO_BLK_ID_BYTES ? data[0].len :
		      VIRTIO_BLK_ID_BYTES;
		{
			char id[VIRTIO_BLK_ID_BYTES + 1];

			memset(id, 0, sizeof(id));
			snprintf(id, sizeof(id), "kvmini-disk%u", b->index);
			memcpy(data[0].hva, id, len);
		}
		*written += (uint32_t)len;
		return VIRTIO_BLK_S_OK;
	default:
		return VIRTIO_BLK_S_UNSUPP;
	}
}

static void blk_notify(struct virtio_dev *d, unsigned int q)
{
	struct virtio_blk *b = (struct virtio_blk *)d;
	const struct vq_buf *last;
	uint32_t written;
	struct vq_req req;
	uint8_t st;

	while (vq_pop(&d->vq[q], &req) == 1) {
		written = 0;
		/* a chain whose first buffer is unusable has none mapped */
		last = req.nr ? &req.buf[req.nr - 1] : NULL;
		/* header and status in buffers of their own, as Linux sends */
		if (req.bad || req.nr < 2 || req.buf[0].device_writes ||
		    req.buf[0].len < sizeof(struct blk_req_hdr) ||
		    !last->device_writes || last->len != 1) {
			d->qstats[q].bad_requests++;
			b->errors++;
			if (!req.bad && req.nr && last->device_writes) {
				*((uint8_t *)last->hva + last->len - 1) =
					VIRTIO_BLK_S_IOERR;
				written = 1;
			}
			virtio_complete(d, q, req.head, written);
			continue;
		}
		st = serve(b, &req, &written);
		if (st != VIRTIO_BLK_S_OK)
			b->errors++;
		*(uint8_t *)last->hva = st;
		virtio_complete(d, q, req.head, written + 1);
	}
}

static const void *blk_config(struct virtio_dev *d, uint32_t *size)
{
	struct virtio_blk *b = (struct virtio_blk *)d;

	*size = sizeof(b->config);
	return &b->config;
}

static int blk_init(void *state, struct vm *vm, const struct device_env *env,
		    const struct device_place *at)
{
	struct virtio_blk *b = state;

	b->be = (struct virtio_backend){
		.device_id = VIRTIO_ID_BLOCK,
		.features = (1ULL << VIRTIO_BLK_F_FLUSH) |
			    (1ULL << VIRTIO_BLK_F_SEG_MAX) |
			    (1ULL << VIRTIO_BLK_F_SIZE_MAX) |
			    (b->ro ? 1ULL << VIRTIO_BLK_F_RO : 0),
		.nr_queues = 1,
		.queue_max = 256,
		.config = blk_config,
		.notify = blk_notify,
		.syscalls = blk_syscalls,
	};
	return virtio_init(&b->vd, vm, env, at, &b->be, "virtio-blk");
}

static void blk_fini(void *state, bool attached)
{
	struct virtio_blk *b = state;

	if (attached)
		virtio_fini(&b->vd);
	if (b->fd >= 0)
		close(b->fd);	/* and its lock */
}

static void blk_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct virtio_blk *b = state;

	virtio_stats(&b->vd, emit, ctx);
	pthread_mutex_lock(&b->vd.lock);
	emit(ctx, "reads", b->reads);
	emit(ctx, "writes", b->writes);
	emit(ctx, "flushes", b->flushes);
	emit(ctx, "errors", b->errors);
	pthread_mutex_unlock(&b->vd.lock);
}

DEVICE_CLASS(virtio_blk) = {
	.name = "virtio-blk",
	.size = sizeof(struct virtio_blk),
	VIRTIO_MMIO_CLASS("virtio-blk"),
	.options = options,
	DEVICE_PARAMS(params, defaults),
	.wanted = blk_wanted,
	.open = blk_open,
	.init = blk_init,
	.fini = blk_fini,
	.stats = blk_stats,
	.start = virtio_start,
	.stop = virtio_stop,
};
