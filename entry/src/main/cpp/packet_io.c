/*
 * libharmonywg_io: packet I/O on the tun fd for the HarmonyWG data plane (issue 9).
 *
 * Only I/O lives here; the WireGuard protocol, the crypto and every decision stay in ArkTS
 * (tunnel/Tunnel.ets). One reader thread per tun fd:
 *   - it waits in poll(2) on the tun fd and an eventfd (the stop signal), with no timeout, so it
 *     does not wake up at all while no packet arrives;
 *   - it reads every queued packet (up to PIO_MAX_BATCH) straight into one of two slot buffers that
 *     ArkTS handed over at start, and delivers the batch with ONE napi_call_threadsafe_function;
 *   - a slot is the thread's again only after the ArkTS callback for it has returned, so the
 *     thread never writes into bytes ArkTS reads; with both slots out it waits (a condition
 *     variable, no polling) and the kernel's tun queue holds the packets.
 * stop() sets the stop flag, signals the eventfd and the condition and joins the thread: when it
 * returns the thread is gone, the tun fd is no longer touched, and queued batches are discarded
 * without calling ArkTS (no callback after stop).
 * writePackets() queues a batch of packets for the tun in one call: they are copied into a ring and
 * a writer thread writes them in order (a write(2) per packet: on a tun one write is one packet,
 * writev would join the pieces into one). The kernel's work on each tun write (the receiving
 * TCP/IP stack) thereby runs beside the ArkTS thread, on the second core. It waits on a condition
 * variable while the ring is empty (no wake-up when idle); a full ring drops and counts.
 *
 * Slot layout (the ArkTS side reads it): bytes [0, 4*PIO_MAX_BATCH) are the packet lengths as
 * native-endian uint32, packets follow contiguously from PIO_HEADER_BYTES. A packet is read only
 * when PIO_MAX_PACKET bytes are left in the slot, so no packet is ever truncated.
 *
 * Node-API: only functions of OpenHarmony's "Node-API supported interfaces" list (all @since 10)
 * are called; the list is napi_functions.txt next to this file, checked against the built
 * object's undefined symbols by tests/host/native-io.test.ts. POSIX otherwise (poll, eventfd,
 * pthreads, read, write).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#ifdef HARMONYWG_OHOS
#include "napi/native_api.h"
#else
#include <node_api.h>
#endif

/* Most packets per batch (one call into ArkTS). */
#define PIO_MAX_BATCH 64
/* Bytes before the first packet in a slot: the length table. */
#define PIO_HEADER_BYTES (4 * PIO_MAX_BATCH)
/* Largest IP packet a tun read can return (IPv4/IPv6 payload length limit). */
#define PIO_MAX_PACKET 65535
/* Smallest slot buffer accepted. */
#define PIO_MIN_SLOT_BYTES (PIO_HEADER_BYTES + PIO_MAX_PACKET)
/* Slots handed over by ArkTS: 0-1 for tun packets, 2-3 for UDP datagrams (when a UDP fd is given). */
#define PIO_TUN_SLOTS 2
#define PIO_ALL_SLOTS 4
/* UDP slot layout: PIO_MAX_BATCH entries {u32 length, u16 port, u8 family (4/6), u8 0, 16 address
 * bytes}, then datagram i at PIO_UDP_HEADER_BYTES + i * PIO_UDP_DATAGRAM (length 0: truncated, drop). */
#define PIO_UDP_ENTRY 24
#define PIO_UDP_HEADER_BYTES (PIO_UDP_ENTRY * PIO_MAX_BATCH)
#define PIO_UDP_DATAGRAM 2048
#define PIO_UDP_SLOT_BYTES (PIO_UDP_HEADER_BYTES + PIO_MAX_BATCH * PIO_UDP_DATAGRAM)
/* A packed destination for sendDatagrams: {u16 port (big-endian), u8 family, u8 0, 16 address bytes}. */
#define PIO_ADDR_BYTES 20
/* Bytes of the UDP send ring (entries: 4-byte length + PIO_ADDR_BYTES + datagram, padded to 4). */
#define PIO_URING_BYTES (1u << 20)
#define PIO_THREAD_NAME "hwg-tun-reader"
#define PIO_WRITER_NAME "hwg-tun-writer"
/* Bytes of the write ring (entries: 4-byte length + packet, padded to 4 bytes). */
#define PIO_WRING_BYTES (2u << 20)
#define PIO_WRAP_MARKER 0xFFFFFFFFu
/* Items with this offset or below report a write error (see encode_write_error). */
#define PIO_WRITE_ERROR_BASE 10000

typedef struct PacketIo {
  int tun_fd;
  int stop_fd;
  pthread_t thread;
  int thread_started;
  pthread_mutex_t lock;
  pthread_cond_t slot_free;
  int stopping;        /* guarded by lock */
  int busy[PIO_ALL_SLOTS]; /* guarded by lock */
  int poll_missing;        /* guarded by lock: the reader polls while a slot is out (wake it on free) */
  uint8_t *slot_data[PIO_ALL_SLOTS];
  size_t slot_bytes[PIO_ALL_SLOTS];
  int udp_fd; /* -1: no UDP */
  /* The UDP send ring, like the write ring. */
  uint8_t *uring;
  size_t uhead;    /* guarded by lock */
  size_t utail;    /* guarded by lock */
  uint32_t udrops; /* guarded by lock */
  /* The write ring: [wtail, whead) holds queued packets (monotonic byte counters). */
  uint8_t *wring;
  size_t whead;    /* guarded by lock; written by the JS thread */
  size_t wtail;    /* guarded by lock; written by the writer */
  uint32_t wdrops; /* guarded by lock: packets dropped (ring full, tun queue full) not yet reported */
  pthread_cond_t wnonempty;
  pthread_t writer;
  int writer_started;
  /* JS-thread-only fields below. */
  napi_ref slot_refs[PIO_ALL_SLOTS];
  napi_threadsafe_function tsfn;
  int stopped;
  int owners; /* the handle object and the thread-safe function; freed at 0 */
} PacketIo;

/* What travels through the thread-safe function: a batch (slot, count) or an error (-errno). */
static void *encode_batch(int slot, int count) { return (void *)(intptr_t)(count * PIO_ALL_SLOTS + slot + 1); }
static void *encode_error(int err) { return (void *)(intptr_t)(-err); }
static void *encode_write_error(int err) { return (void *)(intptr_t)(-(PIO_WRITE_ERROR_BASE + err)); }
static size_t pad4(size_t n) { return (n + 3u) & ~(size_t)3u; }

static void release_owner(PacketIo *io) {
  io->owners--;
  if (io->owners > 0) return;
  pthread_mutex_destroy(&io->lock);
  pthread_cond_destroy(&io->slot_free);
  pthread_cond_destroy(&io->wnonempty);
  free(io->wring);
  free(io->uring);
  free(io);
}

static int deliver(PacketIo *io, void *item) {
  return napi_call_threadsafe_function(io->tsfn, item, napi_tsfn_nonblocking) == napi_ok ? 0 : -1;
}

/* Reads every queued datagram (≤ PIO_MAX_BATCH, one recvmmsg) into UDP slot `slot`; returns the count. */
static int read_datagrams(PacketIo *io, int slot) {
  struct mmsghdr msgs[PIO_MAX_BATCH];
  struct iovec iov[PIO_MAX_BATCH];
  struct sockaddr_storage from[PIO_MAX_BATCH];
  uint8_t *base = io->slot_data[slot];
  memset(msgs, 0, sizeof(msgs));
  for (int i = 0; i < PIO_MAX_BATCH; i++) {
    iov[i].iov_base = base + PIO_UDP_HEADER_BYTES + (size_t)i * PIO_UDP_DATAGRAM;
    iov[i].iov_len = PIO_UDP_DATAGRAM;
    msgs[i].msg_hdr.msg_name = &from[i];
    msgs[i].msg_hdr.msg_namelen = sizeof(from[i]);
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  int k;
  do {
    k = recvmmsg(io->udp_fd, msgs, PIO_MAX_BATCH, MSG_DONTWAIT, NULL);
  } while (k < 0 && errno == EINTR);
  if (k <= 0) return 0; /* EAGAIN, or a queued ICMP error (ECONNREFUSED …): nothing to hand over */
  for (int i = 0; i < k; i++) {
    uint8_t *e = base + (size_t)i * PIO_UDP_ENTRY;
    uint32_t len = (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) ? 0u : (uint32_t)msgs[i].msg_len;
    uint16_t port = 0;
    uint8_t family = 0;
    memset(e, 0, PIO_UDP_ENTRY);
    if (from[i].ss_family == AF_INET) {
      const struct sockaddr_in *a = (const struct sockaddr_in *)&from[i];
      port = ntohs(a->sin_port);
      family = 4;
      memcpy(e + 8, &a->sin_addr, 4);
    } else if (from[i].ss_family == AF_INET6) {
      const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&from[i];
      port = ntohs(a->sin6_port);
      if (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr)) {
        family = 4;
        memcpy(e + 8, ((const uint8_t *)&a->sin6_addr) + 12, 4);
      } else {
        family = 6;
        memcpy(e + 8, &a->sin6_addr, 16);
      }
    } else {
      len = 0;
    }
    memcpy(e, &len, 4);
    memcpy(e + 4, &port, 2);
    e[6] = family;
  }
  return k;
}

static void *reader_main(void *arg) {
  PacketIo *io = (PacketIo *)arg;
  int tslot = 0;
  int uslot = PIO_TUN_SLOTS;
  for (;;) {
    pthread_mutex_lock(&io->lock);
    while (!io->stopping && io->busy[tslot] && (io->udp_fd < 0 || io->busy[uslot])) pthread_cond_wait(&io->slot_free, &io->lock);
    int stopping = io->stopping;
    int tun_free = !io->busy[tslot];
    int udp_free = io->udp_fd >= 0 && !io->busy[uslot];
    io->poll_missing = !tun_free || (io->udp_fd >= 0 && !udp_free);
    pthread_mutex_unlock(&io->lock);
    if (stopping) break;

    struct pollfd fds[3];
    int n = 0;
    int ti = -1;
    int ui = -1;
    fds[n].fd = io->stop_fd;
    fds[n].events = POLLIN;
    fds[n].revents = 0;
    n++;
    if (tun_free) {
      fds[n].fd = io->tun_fd;
      fds[n].events = POLLIN;
      fds[n].revents = 0;
      ti = n++;
    }
    if (udp_free) {
      fds[n].fd = io->udp_fd;
      fds[n].events = POLLIN;
      fds[n].revents = 0;
      ui = n++;
    }
    int r = poll(fds, (nfds_t)n, -1);
    if (r < 0) {
      if (errno == EINTR) continue;
      deliver(io, encode_error(errno));
      break;
    }
    if (fds[0].revents != 0) {
      /* Stop, or a slot came back while this poll did not include its fd. */
      uint64_t v;
      ssize_t ignored = read(io->stop_fd, &v, sizeof(v));
      (void)ignored;
      continue;
    }
    if (ti >= 0 && fds[ti].revents != 0) {
      if ((fds[ti].revents & POLLIN) == 0) {
        /* POLLERR / POLLHUP / POLLNVAL without data: the tun is gone. */
        deliver(io, encode_error((fds[ti].revents & POLLNVAL) ? EBADF : EIO));
        break;
      }
      uint8_t *base = io->slot_data[tslot];
      uint32_t lengths[PIO_MAX_BATCH];
      size_t off = PIO_HEADER_BYTES;
      int count = 0;
      int err = 0;
      while (count < PIO_MAX_BATCH && io->slot_bytes[tslot] - off >= PIO_MAX_PACKET) {
        ssize_t got = read(io->tun_fd, base + off, PIO_MAX_PACKET);
        if (got < 0) {
          if (errno == EINTR) continue;
          if (errno != EAGAIN && errno != EWOULDBLOCK) err = errno;
          break;
        }
        if (got == 0) break;
        lengths[count++] = (uint32_t)got;
        off += (size_t)got;
      }
      if (count > 0) {
        memcpy(base, lengths, sizeof(uint32_t) * (size_t)count);
        pthread_mutex_lock(&io->lock);
        io->busy[tslot] = 1;
        pthread_mutex_unlock(&io->lock);
        if (deliver(io, encode_batch(tslot, count)) != 0) break;
        tslot = (tslot + 1) % PIO_TUN_SLOTS;
      }
      if (err != 0) {
        deliver(io, encode_error(err));
        break;
      }
    }
    if (ui >= 0 && fds[ui].revents != 0) {
      int count = read_datagrams(io, uslot);
      if (count > 0) {
        pthread_mutex_lock(&io->lock);
        io->busy[uslot] = 1;
        pthread_mutex_unlock(&io->lock);
        if (deliver(io, encode_batch(uslot, count)) != 0) break;
        uslot = uslot == PIO_TUN_SLOTS ? PIO_TUN_SLOTS + 1 : PIO_TUN_SLOTS;
      }
    }
  }
  return NULL;
}

/* Sends the queued datagrams in [tail, head) of the UDP ring with sendmmsg, up to PIO_MAX_BATCH per
 * call; returns how many were dropped (a full socket buffer, or an error for that datagram). */
static uint32_t send_datagrams(PacketIo *io, size_t tail, size_t head) {
  struct mmsghdr msgs[PIO_MAX_BATCH];
  struct iovec iov[PIO_MAX_BATCH];
  struct sockaddr_storage to[PIO_MAX_BATCH];
  uint32_t drops = 0;
  while (tail != head) {
    int n = 0;
    memset(msgs, 0, sizeof(msgs));
    while (tail != head && n < PIO_MAX_BATCH) {
      size_t pos = tail % PIO_URING_BYTES;
      uint32_t len;
      memcpy(&len, io->uring + pos, 4);
      if (len == PIO_WRAP_MARKER) {
        tail += PIO_URING_BYTES - pos;
        continue;
      }
      const uint8_t *a = io->uring + pos + 4;
      uint16_t port = (uint16_t)((a[0] << 8) | a[1]);
      memset(&to[n], 0, sizeof(to[n]));
      socklen_t alen;
      if (a[2] == 4) {
        struct sockaddr_in *s4 = (struct sockaddr_in *)&to[n];
        s4->sin_family = AF_INET;
        s4->sin_port = htons(port);
        memcpy(&s4->sin_addr, a + 4, 4);
        alen = sizeof(*s4);
      } else {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&to[n];
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(port);
        memcpy(&s6->sin6_addr, a + 4, 16);
        alen = sizeof(*s6);
      }
      iov[n].iov_base = (void *)(a + PIO_ADDR_BYTES);
      iov[n].iov_len = len;
      msgs[n].msg_hdr.msg_name = &to[n];
      msgs[n].msg_hdr.msg_namelen = alen;
      msgs[n].msg_hdr.msg_iov = &iov[n];
      msgs[n].msg_hdr.msg_iovlen = 1;
      n++;
      tail += pad4(4u + PIO_ADDR_BYTES + len);
    }
    int done = 0;
    while (done < n) {
      int k = sendmmsg(io->udp_fd, msgs + done, (unsigned int)(n - done), 0);
      if (k < 0) {
        if (errno == EINTR) continue;
        drops++; /* this datagram failed (EAGAIN, ENOBUFS, EHOSTUNREACH …): skip it */
        done++;
        continue;
      }
      done += k;
    }
  }
  return drops;
}

static void *writer_main(void *arg) {
  PacketIo *io = (PacketIo *)arg;
  for (;;) {
    pthread_mutex_lock(&io->lock);
    while (io->whead == io->wtail && io->uhead == io->utail && !io->stopping) pthread_cond_wait(&io->wnonempty, &io->lock);
    if (io->stopping) {
      pthread_mutex_unlock(&io->lock);
      break;
    }
    size_t head = io->whead;
    size_t tail = io->wtail;
    size_t uhead = io->uhead;
    size_t utail = io->utail;
    pthread_mutex_unlock(&io->lock);
    if (uhead != utail) {
      uint32_t udrops = send_datagrams(io, utail, uhead);
      pthread_mutex_lock(&io->lock);
      io->utail = uhead;
      io->udrops += udrops;
      pthread_mutex_unlock(&io->lock);
    }
    uint32_t drops = 0;
    int err = 0;
    while (tail != head) {
      size_t pos = tail % PIO_WRING_BYTES;
      uint32_t len;
      memcpy(&len, io->wring + pos, 4);
      if (len == PIO_WRAP_MARKER) {
        tail += PIO_WRING_BYTES - pos;
        continue;
      }
      ssize_t w;
      do {
        w = write(io->tun_fd, io->wring + pos + 4, len);
      } while (w < 0 && errno == EINTR);
      if (w < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) drops++;
        else if (err == 0) err = errno;
      }
      tail += pad4(4u + len);
    }
    pthread_mutex_lock(&io->lock);
    io->wtail = tail;
    io->wdrops += drops;
    pthread_mutex_unlock(&io->lock);
    if (err != 0) deliver(io, encode_write_error(err)); /* one report per pass, not per packet */
  }
  return NULL;
}

/* Runs on the JS thread for every item the reader delivered. */
static void call_js(napi_env env, napi_value js_cb, void *context, void *data) {
  PacketIo *io = (PacketIo *)context;
  intptr_t v = (intptr_t)data;
  int slot = -1;
  int count = 0;
  if (v > 0) {
    slot = (int)((v - 1) % PIO_ALL_SLOTS);
    count = (int)((v - 1) / PIO_ALL_SLOTS);
  } else if (v <= -PIO_WRITE_ERROR_BASE) {
    slot = -2; /* a tun write failed: count = -errno */
    count = (int)(v + PIO_WRITE_ERROR_BASE);
  } else {
    count = (int)v; /* a tun read failed: -errno */
  }
  if (env != NULL && js_cb != NULL && !io->stopped) {
    napi_value argv[2];
    napi_value undefined;
    napi_get_undefined(env, &undefined);
    napi_create_int32(env, slot, &argv[0]);
    napi_create_int32(env, count, &argv[1]);
    napi_call_function(env, undefined, js_cb, 2, argv, NULL);
  }
  if (slot >= 0) {
    /* The slot is the reader's again. */
    pthread_mutex_lock(&io->lock);
    io->busy[slot] = 0;
    int wake = io->poll_missing;
    io->poll_missing = 0;
    pthread_cond_signal(&io->slot_free);
    pthread_mutex_unlock(&io->lock);
    if (wake && io->stop_fd >= 0) {
      /* The reader polls without this slot's fd: wake it so it polls with it again. */
      uint64_t one = 1;
      ssize_t ignored = write(io->stop_fd, &one, sizeof(one));
      (void)ignored;
    }
  }
}

static void tsfn_finalize(napi_env env, void *finalize_data, void *hint) {
  (void)finalize_data;
  (void)hint;
  PacketIo *io = (PacketIo *)finalize_data;
  for (int i = 0; i < PIO_ALL_SLOTS; i++) {
    if (io->slot_refs[i] != NULL) {
      napi_delete_reference(env, io->slot_refs[i]);
      io->slot_refs[i] = NULL;
    }
  }
  release_owner(io);
}

/* Stops and joins the reader; idempotent; JS thread only. */
static void stop_io(PacketIo *io) {
  if (io->stopped) return;
  io->stopped = 1;
  pthread_mutex_lock(&io->lock);
  io->stopping = 1;
  pthread_cond_broadcast(&io->slot_free);
  pthread_cond_broadcast(&io->wnonempty);
  pthread_mutex_unlock(&io->lock);
  if (io->stop_fd >= 0) {
    uint64_t one = 1;
    ssize_t w;
    do {
      w = write(io->stop_fd, &one, sizeof(one));
    } while (w < 0 && errno == EINTR);
  }
  if (io->thread_started) pthread_join(io->thread, NULL);
  io->thread_started = 0;
  if (io->writer_started) pthread_join(io->writer, NULL); /* queued writes are discarded */
  io->writer_started = 0;
  if (io->stop_fd >= 0) close(io->stop_fd);
  io->stop_fd = -1;
  io->tun_fd = -1;
  io->udp_fd = -1;
  if (io->tsfn != NULL) napi_release_threadsafe_function(io->tsfn, napi_tsfn_release);
}

static void handle_finalize(napi_env env, void *finalize_data, void *hint) {
  (void)env;
  (void)hint;
  PacketIo *io = (PacketIo *)finalize_data;
  stop_io(io);
  release_owner(io);
}

static napi_value throw_error(napi_env env, const char *code, const char *message) {
  napi_throw_error(env, code, message);
  return NULL;
}

static napi_value throw_errno(napi_env env, int err, const char *what) {
  char code[16];
  char message[160];
  snprintf(code, sizeof(code), "%d", err);
  snprintf(message, sizeof(message), "%s: %s", what, strerror(err));
  napi_throw_error(env, code, message);
  return NULL;
}

static PacketIo *handle_arg(napi_env env, napi_value value) {
  void *p = NULL;
  napi_valuetype t;
  if (napi_typeof(env, value, &t) != napi_ok || t != napi_external) return NULL;
  if (napi_get_value_external(env, value, &p) != napi_ok) return NULL;
  return (PacketIo *)p;
}

/* start(tunFd, slots: ArrayBuffer[2], onBatch(slot, count)) → handle */
static void drop_refs(napi_env env, PacketIo *io) {
  for (int j = 0; j < PIO_ALL_SLOTS; j++) {
    if (io->slot_refs[j] != NULL) napi_delete_reference(env, io->slot_refs[j]);
    io->slot_refs[j] = NULL;
  }
}

/* Takes `count` ArrayBuffers of at least `min_bytes` from the array `list` into slots first..; 0 or -1. */
static int take_slots(napi_env env, PacketIo *io, napi_value list, int first, size_t min_bytes) {
  uint32_t n = 0;
  bool is_array = false;
  if (napi_is_array(env, list, &is_array) != napi_ok || !is_array || napi_get_array_length(env, list, &n) != napi_ok || n != 2) return -1;
  for (uint32_t i = 0; i < 2; i++) {
    napi_value buf;
    bool is_ab = false;
    void *data = NULL;
    size_t len = 0;
    if (napi_get_element(env, list, i, &buf) != napi_ok || napi_is_arraybuffer(env, buf, &is_ab) != napi_ok || !is_ab ||
        napi_get_arraybuffer_info(env, buf, &data, &len) != napi_ok || len < min_bytes)
      return -1;
    napi_create_reference(env, buf, 1, &io->slot_refs[first + (int)i]);
    io->slot_data[first + (int)i] = (uint8_t *)data;
    io->slot_bytes[first + (int)i] = len;
  }
  return 0;
}

/* start(tunFd, slots: ArrayBuffer[2], onBatch(slot, count)[, udpFd, udpSlots: ArrayBuffer[2]]) → handle */
static napi_value js_start(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3)
    return throw_error(env, "401", "start(tunFd, slots, onBatch[, udpFd, udpSlots]): 3 or 5 arguments expected");
  int32_t fd = -1;
  if (napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) return throw_error(env, "401", "tunFd must be a file descriptor");
  int32_t udp_fd = -1;
  if (argc >= 5 && (napi_get_value_int32(env, argv[3], &udp_fd) != napi_ok || udp_fd < 0))
    return throw_error(env, "401", "udpFd must be a file descriptor");
  napi_valuetype cb_type;
  if (napi_typeof(env, argv[2], &cb_type) != napi_ok || cb_type != napi_function) return throw_error(env, "401", "onBatch must be a function");

  PacketIo *io = (PacketIo *)calloc(1, sizeof(PacketIo));
  if (io == NULL) return throw_errno(env, ENOMEM, "start");
  io->tun_fd = fd;
  io->udp_fd = udp_fd;
  io->stop_fd = -1;
  pthread_mutex_init(&io->lock, NULL);
  pthread_cond_init(&io->slot_free, NULL);
  pthread_cond_init(&io->wnonempty, NULL);
  io->owners = 1;
  io->wring = (uint8_t *)malloc(PIO_WRING_BYTES);
  io->uring = udp_fd >= 0 ? (uint8_t *)malloc(PIO_URING_BYTES) : NULL;
  if (io->wring == NULL || (udp_fd >= 0 && io->uring == NULL)) {
    release_owner(io);
    return throw_errno(env, ENOMEM, "start");
  }
  if (take_slots(env, io, argv[1], 0, PIO_MIN_SLOT_BYTES) != 0) {
    drop_refs(env, io);
    release_owner(io);
    return throw_error(env, "401", "slots must be 2 ArrayBuffers of at least MIN_SLOT_BYTES");
  }
  if (udp_fd >= 0 && take_slots(env, io, argv[4], PIO_TUN_SLOTS, PIO_UDP_SLOT_BYTES) != 0) {
    drop_refs(env, io);
    release_owner(io);
    return throw_error(env, "401", "udpSlots must be 2 ArrayBuffers of at least UDP_SLOT_BYTES");
  }
  io->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (io->stop_fd < 0) {
    int err = errno;
    drop_refs(env, io);
    release_owner(io);
    return throw_errno(env, err, "eventfd");
  }
  napi_value name;
  napi_create_string_utf8(env, "harmonywg_io", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(env, argv[2], NULL, name, 0, 1, io, tsfn_finalize, io, call_js, &io->tsfn) != napi_ok) {
    close(io->stop_fd);
    drop_refs(env, io);
    release_owner(io);
    return throw_error(env, "13900042", "napi_create_threadsafe_function failed");
  }
  io->owners = 2;
  napi_value handle;
  if (napi_create_external(env, io, handle_finalize, NULL, &handle) != napi_ok) {
    stop_io(io);
    release_owner(io);
    return throw_error(env, "13900042", "napi_create_external failed");
  }
  int err = pthread_create(&io->thread, NULL, reader_main, io);
  if (err != 0) {
    stop_io(io);
    return throw_errno(env, err, "pthread_create");
  }
  io->thread_started = 1;
  /* A name for ps/top and /proc/PID/task/TID/comm (Linux and OpenHarmony: at most 15 characters). */
  pthread_setname_np(io->thread, PIO_THREAD_NAME);
  err = pthread_create(&io->writer, NULL, writer_main, io);
  if (err != 0) {
    stop_io(io);
    return throw_errno(env, err, "pthread_create");
  }
  io->writer_started = 1;
  pthread_setname_np(io->writer, PIO_WRITER_NAME);
  return handle;
}

/* The Uint8Array at arr[i]: its bytes and length; false when arr[i] is anything else. */
static bool uint8_array_at(napi_env env, napi_value arr, uint32_t i, void **data, size_t *len) {
  napi_value v;
  napi_typedarray_type type;
  bool is_ta = false;
  return napi_get_element(env, arr, i, &v) == napi_ok && napi_is_typedarray(env, v, &is_ta) == napi_ok && is_ta &&
         napi_get_typedarray_info(env, v, &type, len, data, NULL, NULL) == napi_ok && type == napi_uint8_array;
}

/* Producer side of a ring of 4-byte-aligned records: reserves `need` bytes at *head (a record never
 * wraps: the rest of the ring is skipped with PIO_WRAP_MARKER) and advances *head past them.
 * Returns the record's first byte, or NULL (and *head unchanged) when the consumer at `tail` is a
 * whole ring behind. */
static uint8_t *ring_reserve(uint8_t *ring, size_t ring_bytes, size_t *head, size_t tail, size_t need) {
  size_t pos = *head % ring_bytes;
  size_t waste = ring_bytes - pos < need ? ring_bytes - pos : 0;
  if (ring_bytes - (*head - tail) < waste + need) return NULL;
  if (waste > 0) {
    uint32_t marker = PIO_WRAP_MARKER;
    memcpy(ring + pos, &marker, 4);
    pos = 0;
  }
  *head += waste + need;
  return ring + pos;
}

/* stop(handle): the reader thread has exited when this returns; idempotent. */
static napi_value js_stop(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  PacketIo *io = argc < 1 ? NULL : handle_arg(env, argv[0]);
  if (io == NULL) return throw_error(env, "401", "stop(handle): a handle from start() expected");
  stop_io(io);
  return NULL;
}

/* writePackets(handle, packets: Uint8Array[], count) → packets dropped since the last call (ring or tun queue full). */
static napi_value js_write_packets(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  PacketIo *io = argc < 3 ? NULL : handle_arg(env, argv[0]);
  if (io == NULL) return throw_error(env, "401", "writePackets(handle, packets, count): a handle from start() expected");
  uint32_t count = 0;
  uint32_t length = 0;
  if (napi_get_value_uint32(env, argv[2], &count) != napi_ok || napi_get_array_length(env, argv[1], &length) != napi_ok || count > length)
    return throw_error(env, "401", "packets must be an array of at least count Uint8Arrays");
  if (io->stopped) {
    napi_value r;
    napi_create_int32(env, 0, &r);
    return r;
  }
  pthread_mutex_lock(&io->lock);
  size_t head = io->whead;
  size_t tail = io->wtail;
  uint32_t dropped = io->wdrops;
  io->wdrops = 0;
  pthread_mutex_unlock(&io->lock);
  /* Single producer: bytes from head on are ours until head is published. */
  for (uint32_t i = 0; i < count; i++) {
    size_t len = 0;
    void *data = NULL;
    if (!uint8_array_at(env, argv[1], i, &data, &len)) {
      pthread_mutex_lock(&io->lock);
      io->whead = head;
      pthread_cond_signal(&io->wnonempty);
      pthread_mutex_unlock(&io->lock);
      return throw_error(env, "401", "packets must be Uint8Arrays");
    }
    uint8_t *rec = len > PIO_MAX_PACKET ? NULL : ring_reserve(io->wring, PIO_WRING_BYTES, &head, tail, pad4(4u + len));
    if (rec == NULL) {
      dropped++; /* too long, or the writer is behind by a whole ring: drop, as a full tun queue would */
      continue;
    }
    uint32_t len32 = (uint32_t)len;
    memcpy(rec, &len32, 4);
    memcpy(rec + 4, data, len);
  }
  pthread_mutex_lock(&io->lock);
  io->whead = head;
  pthread_cond_signal(&io->wnonempty);
  pthread_mutex_unlock(&io->lock);
  napi_value r;
  napi_create_int32(env, (int32_t)dropped, &r);
  return r;
}

/* sendDatagrams(handle, datagrams: Uint8Array[], to: Uint8Array[] (PIO_ADDR_BYTES each), count)
 * → datagrams dropped since the previous call (ring full, or the send failed). */
static napi_value js_send_datagrams(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  PacketIo *io = argc < 4 ? NULL : handle_arg(env, argv[0]);
  if (io == NULL) return throw_error(env, "401", "sendDatagrams(handle, datagrams, to, count): a handle from start() expected");
  uint32_t count = 0;
  uint32_t n1 = 0;
  uint32_t n2 = 0;
  if (napi_get_value_uint32(env, argv[3], &count) != napi_ok || napi_get_array_length(env, argv[1], &n1) != napi_ok ||
      napi_get_array_length(env, argv[2], &n2) != napi_ok || count > n1 || count > n2)
    return throw_error(env, "401", "datagrams and to must hold at least count Uint8Arrays");
  napi_value r;
  if (io->stopped || io->uring == NULL) {
    napi_create_int32(env, 0, &r);
    return r;
  }
  pthread_mutex_lock(&io->lock);
  size_t head = io->uhead;
  size_t tail = io->utail;
  uint32_t dropped = io->udrops;
  io->udrops = 0;
  pthread_mutex_unlock(&io->lock);
  napi_value bad = NULL;
  for (uint32_t i = 0; i < count; i++) {
    size_t dlen = 0;
    size_t alen = 0;
    void *ddata = NULL;
    void *adata = NULL;
    if (!uint8_array_at(env, argv[1], i, &ddata, &dlen) || !uint8_array_at(env, argv[2], i, &adata, &alen) ||
        alen != PIO_ADDR_BYTES || (((uint8_t *)adata)[2] != 4 && ((uint8_t *)adata)[2] != 6)) {
      bad = argv[1];
      break;
    }
    uint8_t *rec = dlen > PIO_MAX_PACKET ? NULL
        : ring_reserve(io->uring, PIO_URING_BYTES, &head, tail, pad4(4u + PIO_ADDR_BYTES + dlen));
    if (rec == NULL) {
      dropped++;
      continue;
    }
    uint32_t len32 = (uint32_t)dlen;
    memcpy(rec, &len32, 4);
    memcpy(rec + 4, adata, PIO_ADDR_BYTES);
    memcpy(rec + 4 + PIO_ADDR_BYTES, ddata, dlen);
  }
  pthread_mutex_lock(&io->lock);
  io->uhead = head;
  pthread_cond_signal(&io->wnonempty);
  pthread_mutex_unlock(&io->lock);
  if (bad != NULL) return throw_error(env, "401", "datagrams must be Uint8Arrays, to 20-byte packed addresses (family 4 or 6)");
  napi_create_int32(env, (int32_t)dropped, &r);
  return r;
}

/* openUdp(family: 4 | 6, port) → fd of a non-blocking UDP socket bound to the wildcard address
 * (IPv6: dual-stack). The caller passes it to VpnConnection.protect and closes it with closeUdp. */
static napi_value js_open_udp(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t family = 0;
  int32_t port = -1;
  if (argc < 2 || napi_get_value_int32(env, argv[0], &family) != napi_ok || (family != 4 && family != 6) ||
      napi_get_value_int32(env, argv[1], &port) != napi_ok || port < 0 || port > 65535)
    return throw_error(env, "401", "openUdp(family 4 or 6, port 0..65535)");
  int fd = socket(family == 6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, errno, "socket");
  int rc;
  if (family == 6) {
    int off = 0;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
    struct sockaddr_in6 a;
    memset(&a, 0, sizeof(a));
    a.sin6_family = AF_INET6;
    a.sin6_port = htons((uint16_t)port);
    a.sin6_addr = in6addr_any;
    rc = bind(fd, (struct sockaddr *)&a, sizeof(a));
  } else {
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    rc = bind(fd, (struct sockaddr *)&a, sizeof(a));
  }
  if (rc != 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, err, "bind");
  }
  napi_value r;
  napi_create_int32(env, fd, &r);
  return r;
}

/* udpPort(fd) → the bound port. */
static napi_value js_udp_port(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1;
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) return throw_error(env, "401", "udpPort(fd)");
  struct sockaddr_storage a;
  socklen_t len = sizeof(a);
  if (getsockname(fd, (struct sockaddr *)&a, &len) != 0) return throw_errno(env, errno, "getsockname");
  int port = a.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&a)->sin6_port) : ntohs(((struct sockaddr_in *)&a)->sin_port);
  napi_value r;
  napi_create_int32(env, port, &r);
  return r;
}

/* closeUdp(fd): closes a socket from openUdp (after stop() of any handle using it). */
static napi_value js_close_udp(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1;
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) return throw_error(env, "401", "closeUdp(fd)");
  close(fd);
  return NULL;
}

static napi_value module_init(napi_env env, napi_value exports) {
  napi_value max_batch;
  napi_value header_bytes;
  napi_value min_slot_bytes;
  napi_create_int32(env, PIO_MAX_BATCH, &max_batch);
  napi_create_int32(env, PIO_HEADER_BYTES, &header_bytes);
  napi_create_int32(env, PIO_MIN_SLOT_BYTES, &min_slot_bytes);
  napi_value udp_entry;
  napi_value udp_header;
  napi_value udp_dgram;
  napi_value udp_slot;
  napi_value addr_bytes;
  napi_create_int32(env, PIO_UDP_ENTRY, &udp_entry);
  napi_create_int32(env, PIO_UDP_HEADER_BYTES, &udp_header);
  napi_create_int32(env, PIO_UDP_DATAGRAM, &udp_dgram);
  napi_create_int32(env, PIO_UDP_SLOT_BYTES, &udp_slot);
  napi_create_int32(env, PIO_ADDR_BYTES, &addr_bytes);
  napi_property_descriptor props[] = {
      {"MAX_BATCH", NULL, NULL, NULL, NULL, max_batch, napi_enumerable, NULL},
      {"HEADER_BYTES", NULL, NULL, NULL, NULL, header_bytes, napi_enumerable, NULL},
      {"MIN_SLOT_BYTES", NULL, NULL, NULL, NULL, min_slot_bytes, napi_enumerable, NULL},
      {"start", NULL, js_start, NULL, NULL, NULL, napi_default, NULL},
      {"stop", NULL, js_stop, NULL, NULL, NULL, napi_default, NULL},
      {"writePackets", NULL, js_write_packets, NULL, NULL, NULL, napi_default, NULL},
      {"sendDatagrams", NULL, js_send_datagrams, NULL, NULL, NULL, napi_default, NULL},
      {"openUdp", NULL, js_open_udp, NULL, NULL, NULL, napi_default, NULL},
      {"udpPort", NULL, js_udp_port, NULL, NULL, NULL, napi_default, NULL},
      {"closeUdp", NULL, js_close_udp, NULL, NULL, NULL, napi_default, NULL},
      {"UDP_ENTRY_BYTES", NULL, NULL, NULL, NULL, udp_entry, napi_enumerable, NULL},
      {"UDP_HEADER_BYTES", NULL, NULL, NULL, NULL, udp_header, napi_enumerable, NULL},
      {"UDP_DATAGRAM_BYTES", NULL, NULL, NULL, NULL, udp_dgram, napi_enumerable, NULL},
      {"UDP_SLOT_BYTES", NULL, NULL, NULL, NULL, udp_slot, napi_enumerable, NULL},
      {"ADDR_BYTES", NULL, NULL, NULL, NULL, addr_bytes, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

static napi_module packet_io_module = {
    .nm_version = 1,
    .nm_flags = 0,
    .nm_filename = NULL,
    .nm_register_func = module_init,
    .nm_modname = "harmonywg_io",
    .nm_priv = NULL,
    .reserved = {NULL},
};

/* OpenHarmony registers native modules this way (napi_module_register @since 10); Node accepts it too. */
__attribute__((constructor)) static void register_packet_io(void) { napi_module_register(&packet_io_module); }
