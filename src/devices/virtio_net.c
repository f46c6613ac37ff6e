// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-net (virtio 1.2, 5.1) on a tap device (--net tap=NAME, or an
 * open tap's fd=N): one receive and one transmit queue, no offloads, so
 * every frame is a 12-byte virtio_net_hdr_v1 of zeros and the Ethernet
 * frame. TX frames go out in the notifying vCPU's thread; a receive
 * thread waits for a frame from the tap and for the guest's buffers.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_net.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "device.h"
#include "log.h"
#include "sandbox.h"
#include "status.h"
#include "virtio/mmio.h"
#include "vm.h"

#define RXQ		0
#define TXQ		1
#define HDR_LEN		12	/* struct virtio_net_hdr_v1 */
#define FRAME_MAX	65550	/* an Ethernet frame, with room to spare */

struct net_config {
	uint8_t mac[6];
};

struct virtio_net {
	struct virtio_dev vd;	/* first: the bus ops' opaque */
	struct virtio_backend be;
	int tap;
	bool own_tap;		/* opened by us, closed by us */
	struct net_config config;
	pthread_t rx_thread;
	bool rx_running;
	int kick_fd;		/* RX buffers added, or stop */
	bool stopping;
	uint8_t frame[FRAME_MAX];	/* a received frame waiting for buffers */
	size_t frame_len;
	uint64_t rx_frames, tx_frames, rx_dropped, tx_errors, rx_errors;
};

struct net_params {		/* --net tap=NAME|fd=N[,mac=M] */
	const char *tap;	/* NULL: no network, or fd */
	int fd;			/* an open tap (-1: open tap) */
	uint8_t mac[6];
	bool on;
};

static const struct net_params defaults = {
	.fd = -1,
	.mac = { 0x52, 0x54, 0x00, 0x6b, 0x76, 0x6d },	/* locally administered */
};
static struct net_params params;

/* xx:xx:xx:xx:xx:xx, a unicast address; 0 or -1 */
static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int i;

	for (i = 0; i < 6; i++, s += 3) {
		if (!isxdigit((unsigned char)s[0]) ||
		    !isxdigit((unsigned char)s[1]) || s[2] != (i < 5 ? ':' : '\0'))
			return -1;
		mac[i] = (uint8_t)strtoul(s, NULL, 16);
	}
	return mac[0] & 1 ? -1 : 0;
}

/* tap=NAME or fd=N, then optionally ,mac=xx:xx:xx:xx:xx:xx */
static int parse_net(const struct option_def *o, void *p, char *arg)
{
	struct net_params *n = p;
	char *mac = strstr(arg, ",mac="), *end;
	long fd;

	(void)o;
	if (mac) {
		*mac = '\0';
		if (parse_mac(mac + 5, n->mac) < 0) {
			err_msg("--net: bad unicast MAC address '%s' (see kvmini --help)",
				mac + 5);
			return ST_USAGE;
		}
	}
	if (!strncmp(arg, "tap=", 4) && arg[4]) {
		n->tap = arg + 4;
		if (strlen(n->tap) > 15) {	/* IFNAMSIZ - 1 */
			err_msg("--net: tap name '%s' is longer than 15 characters",
				n->tap);
			return ST_USAGE;
		}
	} else if (!strncmp(arg, "fd=", 3)) {
		errno = 0;
		fd = strtol(arg + 3, &end, 10);
		if (errno || *end || end == arg + 3 || fd < 0 || fd > 65535) {
			err_msg("--net: bad fd '%s' (see kvmini --help)", arg + 3);
			return ST_USAGE;
		}
		n->fd = (int)fd;
	} else {
		err_msg("--net: tap=NAME or fd=N, not '%s' (see kvmini --help)",
			arg);
		return ST_USAGE;
	}
	if (n->on) {
		err_msg("--net: one network interface only");
		return ST_USAGE;
	}
	n->on = true;
	return ST_OK;
}

static const struct option_def options[] = {
	{ .name = "net", .arg = "tap=NAME|fd=N[,mac=M]",
	  .help = "a virtio-net NIC on tap NAME (or an open tap fd N)",
	  .parse = parse_net },
	{ NULL },
};

static bool net_wanted(const void *p, unsigned int instance)
{
	const struct net_params *opt = p;

	return opt->on && !instance;
}

/*
 * fd=N: an open tap with IFF_NO_PI, without IFF_VNET_HDR. Checked before
 * kvmini opens any file, which would otherwise take a free N (and the
 * guest's frames would go into it). ST_OK or ST_HOST with one line.
 */
static int net_check(const void *p)
{
	const struct net_params *opt = p;
	int fd = opt->fd;
	struct ifreq ifr;
	int flags;

	if (!opt->on || opt->tap)
		return ST_OK;
	if (fcntl(fd, F_GETFD) < 0) {
		err_msg("--net fd=%d: not an open file descriptor", fd);
		return ST_HOST;
	}
	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, TUNGETIFF, &ifr) < 0) {
		err_msg("--net fd=%d: not a tap (TUNGETIFF: %s)", fd,
			strerror(errno));
		return ST_HOST;
	}
	/* virtio-net reads and writes bare Ethernet frames */
	flags = ifr.ifr_flags & (IFF_TUN | IFF_TAP | IFF_NO_PI | IFF_VNET_HDR);
	if (flags != (IFF_TAP | IFF_NO_PI)) {
		err_msg("--net fd=%d: %.*s is not a tap with IFF_NO_PI and without IFF_VNET_HDR (flags 0x%x)",
			fd, IFNAMSIZ, ifr.ifr_name,
			(unsigned int)(uint16_t)ifr.ifr_flags);
		return ST_HOST;
	}
	return ST_OK;
}

static int net_open(void *state, const void *p, unsigned int instance)
{
	const struct net_params *opt = p;
	struct virtio_net *n = state;
	struct ifreq ifr;

	(void)instance;
	n->kick_fd = -1;
	memcpy(n->config.mac, opt->mac, sizeof(n->config.mac));
	if (!opt->tap) {
		n->tap = opt->fd;	/* checked first (net_check) */
	} else {
		n->tap = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
		if (n->tap < 0) {
			err_msg("--net tap=%s: cannot open /dev/net/tun: %s",
				opt->tap, strerror(errno));
			return ST_HOST;
		}
		n->own_tap = true;
		memset(&ifr, 0, sizeof(ifr));
		ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
		if (strlen(opt->tap) >= IFNAMSIZ) {
			err_msg("--net tap=%s: name too long", opt->tap);
			return ST_USAGE;
		}
		memcpy(ifr.ifr_name, opt->tap, strlen(opt->tap) + 1);
		if (ioctl(n->tap, TUNSETIFF, &ifr) < 0) {
			err_msg("--net tap=%s: cannot attach: %s", opt->tap,
				strerror(errno));
			return ST_HOST;
		}
	}
	if (fcntl(n->tap, F_SETFL, fcntl(n->tap, F_GETFL) | O_NONBLOCK) < 0) {
		err_msg("--net: cannot make the tap non-blocking: %s",
			strerror(errno));
		return ST_HOST;
	}
	n->kick_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (n->kick_fd < 0) {
		err_sys("eventfd");
		return ST_HOST;
	}
	return ST_OK;
}

/* The chain's readable bytes after the header, as one frame. */
static void transmit(struct virtio_net *n, const struct vq_req *req)
{
	struct iovec iov[VQ_MAX_SEGS];
	uint32_t skip = HDR_LEN;
	unsigned int i, nr = 0;
	ssize_t r;

	for (i = 0; i < req->nr && !req->buf[i].device_writes; i++) {
		if (req->buf[i].len <= skip) {
			skip -= req->buf[i].len;
			continue;
		}
		iov[nr].iov_base = (char *)req->buf[i].hva + skip;
		iov[nr++].iov_len = req->buf[i].len - skip;
		skip = 0;
	}
	if (!nr)
		return;
	do {
		r = writev(n->tap, iov, (int)nr);
	} while (r < 0 && errno == EINTR);
	if (r < 0)
		n->tx_errors++;	/* the tap is full or down: dropped */
	else
		n->tx_frames++;
}

/*
 * The waiting frame into the next receive chain (d->lock held): true if
 * it went (or could never fit and was dropped), false if no chain yet.
 */
static bool deliver(struct virtio_net *n)
{
	struct virtio_dev *d = &n->vd;
	struct vq_req req;
	uint8_t hdr[HDR_LEN] = { 0 };
	const uint8_t *src;
	uint32_t room = 0, done = 0, len, c, off;
	unsigned int i;
	int got;

	if (!d->vq[RXQ].ready || !(d->status & VIRTIO_CONFIG_S_DRIVER_OK))
		return false;
	got = vq_pop_next(&d->vq[RXQ], &req);
	if (got < 0)
		virtio_check_broken(d, RXQ);
	if (got != 1)
		return false;
	for (i = 0; i < req.nr; i++)
		room += req.buf[i].device_writes ? req.buf[i].len : 0;
	hdr[10] = 1;		/* num_buffers */
	len = HDR_LEN + (uint32_t)n->frame_len;
	if (req.bad || room < len || !req.buf[0].device_writes) {
		d->qstats[RXQ].bad_requests++;
		n->rx_dropped++;
		virtio_complete(d, RXQ, req.head, 0);
		return true;
	}
	/* every buffer is writable (readable ones come first) */
	for (i = 0; i < req.nr && done < len; i++) {
		for (off = 0; off < req.buf[i].len && done < len; off += c) {
			src = done < HDR_LEN ? &hdr[done] :
			      &n->frame[done - HDR_LEN];
			/* up to the end of this buffer, of the header or frame */
			c = done < HDR_LEN ? HDR_LEN - done : len - done;
			if (c > req.buf[i].len - off)
				c = req.buf[i].len - off;
			memcpy((uint8_t *)req.buf[i].hva + off, src, c);
			done += c;
		}
	}
	n->rx_frames++;
	virtio_complete(d, RXQ, req.head, len);
	return true;
}

/*
 * Whether the tap can still be read after a read that got no frame (r
 * bytes, revents from poll): a deleted tap fails every read (EBADFD,
 * POLLERR) and a descriptor at its end reads 0 (POLLHUP) at once, for
 * ever, so the thread would spin. It stops reading the tap instead: one
 * line, counted; frames from the host are lost, the guest runs on.
 */
static bool tap_readable(struct virtio_net *n, ssize_t r, short revents)
{
	int err = r < 0 ? errno : 0;

	if (r < 0 && (err == EAGAIN || err == EINTR) &&
	    !(revents & (POLLERR | POLLHUP | POLLNVAL)))
		return true;
	pthread_mutex_lock(&n->vd.lock);
	n->rx_errors++;
	pthread_mutex_unlock(&n->vd.lock);
	err_msg("virtio-net: the tap cannot be read (%s): frames from it are dropped",
		r < 0 ? strerror(err) : "end of file");
	return false;
}

static void *rx_loop(void *arg)
{
	struct virtio_net *n = arg;
	struct virtio_dev *d = &n->vd;
	struct pollfd p[2] = { { n->kick_fd, POLLIN, 0 }, { n->tap, POLLIN, 0 } };
	bool tap_ok = true;
	eventfd_t v;
	nfds_t nfds;
	ssize_t r;

	if (sandbox_enter(SANDBOX_NET_RX, "virtio-net rx", NULL) < 0) {
		vm_request_stop(d->vm, ST_HOST);
		return NULL;
	}
	for (;;) {
		pthread_mutex_lock(&d->lock);
		if (n->stopping) {
			pthread_mutex_unlock(&d->lock);
			break;
		}
		/* a waiting frame first; then read another if it went */
		if (n->frame_len && deliver(n))
			n->frame_len = 0;
		pthread_mutex_unlock(&d->lock);
		/* with a frame waiting, only a kick (new buffers) helps */
		nfds = n->frame_len || !tap_ok ? 1 : 2;
		p[0].revents = 0;
		p[1].revents = 0;
		if (poll(p, nfds, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents)
			eventfd_read(n->kick_fd, &v);
		if (nfds == 2 && p[1].revents) {
			r = read(n->tap, n->frame, sizeof(n->frame));
			if (r > 0)
				n->frame_len = (size_t)r;
			else
				tap_ok = tap_readable(n, r, p[1].revents);
		}
	}
	return NULL;
}

static void net_notify(struct virtio_dev *d, unsigned int q)
{
	struct virtio_net *n = (struct virtio_net *)d;
	struct vq_req req;

	if (q == RXQ) {		/* new buffers: the receive thread may go on */
		if (eventfd_write(n->kick_fd, 1) < 0)
			err_sys("eventfd_write");
		return;
	}
	while (vq_pop(&d->vq[TXQ], &req) == 1) {
		if (req.bad)
			d->qstats[TXQ].bad_requests++;
		else
			transmit(n, &req);
		virtio_complete(d, TXQ, req.head, 0);
	}
}

static const void *net_config(struct virtio_dev *d, uint32_t *size)
{
	struct virtio_net *n = (struct virtio_net *)d;

	*size = sizeof(n->config);
	return &n->config;
}

/* transmitting a frame to the tap */
static const char *const net_syscalls[] = { "writev", NULL };

static int net_init(void *state, struct vm *vm, const struct device_env *env,
		    const struct device_place *at)
{
	struct virtio_net *n = state;

	n->be = (struct virtio_backend){
		.device_id = VIRTIO_ID_NET,
		.features = 1ULL << VIRTIO_NET_F_MAC,
		.nr_queues = 2,
		.queue_max = 256,
		.rx_queues = 1u << RXQ,
		.config = net_config,
		.notify = net_notify,
		.syscalls = net_syscalls,
	};
	return virtio_init(&n->vd, vm, env, at, &n->be, "virtio-net");
}

static int net_start(void *state)
{
	struct virtio_net *n = state;
	int err;

	if (virtio_start(&n->vd) < 0)
		return -1;
	err = pthread_create(&n->rx_thread, NULL, rx_loop, n);
	if (err) {
		err_msg("virtio-net: cannot start its receive thread: %s",
			strerror(err));
		return -1;
	}
	n->rx_running = true;
	return 0;
}

static void net_stop(void *state)
{
	struct virtio_net *n = state;

	if (!n->rx_running) {
		virtio_stop(&n->vd);
		return;
	}
	pthread_mutex_lock(&n->vd.lock);
	n->stopping = true;
	pthread_mutex_unlock(&n->vd.lock);
	if (eventfd_write(n->kick_fd, 1) < 0)
		err_sys("eventfd_write");
	pthread_join(n->rx_thread, NULL);
	n->rx_running = false;
	virtio_stop(&n->vd);
}

static void net_fini(void *state, bool attached)
{
	struct virtio_net *n = state;

	if (attached)
		virtio_fini(&n->vd);
	if (n->own_tap && n->tap >= 0)
		close(n->tap);
	if (n->kick_fd >= 0)
		close(n->kick_fd);
}

static void net_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct virtio_net *n = state;

	virtio_stats(&n->vd, emit, ctx);
	pthread_mutex_lock(&n->vd.lock);
	emit(ctx, "rx_frames", n->rx_frames);
	emit(ctx, "tx_frames", n->tx_frames);
	emit(ctx, "rx_dropped", n->rx_dropped);
	emit(ctx, "tx_errors", n->tx_errors);
	emit(ctx, "rx_errors", n->rx_errors);
	pthread_mutex_unlock(&n->vd.lock);
}

DEVICE_CLASS(virtio_net) = {
	.name = "virtio-net",
	.size = sizeof(struct virtio_net),
	VIRTIO_MMIO_CLASS("virtio-net"),
	.options = options,
	DEVICE_PARAMS(params, defaults),
	.wanted = net_wanted,
	.check = net_check,
	.open = net_open,
	.init = net_init,
	.start = net_start,
	.stop = net_stop,
	.fini = net_fini,
	.stats = net_stats,
};
