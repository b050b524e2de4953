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
#include <sys/eventfd.h>
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
#define PIO_SLOTS 2
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
  int busy[PIO_SLOTS]; /* guarded by lock */
  uint8_t *slot_data[PIO_SLOTS];
  size_t slot_bytes[PIO_SLOTS];
  /* The write ring: [wtail, whead) holds queued packets (monotonic byte counters). */
  uint8_t *wring;
  size_t whead;    /* guarded by lock; written by the JS thread */
  size_t wtail;    /* guarded by lock; written by the writer */
  uint32_t wdrops; /* guarded by lock: packets dropped (ring full, tun queue full) not yet reported */
  pthread_cond_t wnonempty;
  pthread_t writer;
  int writer_started;
  /* JS-thread-only fields below. */
  napi_ref slot_refs[PIO_SLOTS];
  napi_threadsafe_function tsfn;
  int stopped;
  int owners; /* the handle object and the thread-safe function; freed at 0 */
} PacketIo;

/* What travels through the thread-safe function: a batch (slot, count) or an error (-errno). */
static void *encode_batch(int slot, int count) { return (void *)(intptr_t)(count * PIO_SLOTS + slot + 1); }
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
  free(io);
}

static int deliver(PacketIo *io, void *item) {
  return napi_call_threadsafe_function(io->tsfn, item, napi_tsfn_nonblocking) == napi_ok ? 0 : -1;
}

static void *reader_main(void *arg) {
  PacketIo *io = (PacketIo *)arg;
  int slot = 0;
  for (;;) {
    pthread_mutex_lock(&io->lock);
    while (io->busy[slot] && !io->stopping) pthread_cond_wait(&io->slot_free, &io->lock);
    int stopping = io->stopping;
    pthread_mutex_unlock(&io->lock);
    if (stopping) break;

    struct pollfd fds[2];
    fds[0].fd = io->tun_fd;
    fds[0].events = POLLIN;
    fds[0].revents = 0;
    fds[1].fd = io->stop_fd;
    fds[1].events = POLLIN;
    fds[1].revents = 0;
    int r = poll(fds, 2, -1);
    if (r < 0) {
      if (errno == EINTR) continue;
      deliver(io, encode_error(errno));
      break;
    }
    if (fds[1].revents != 0) break;
    if ((fds[0].revents & POLLIN) == 0) {
      /* POLLERR / POLLHUP / POLLNVAL without data: the tun is gone. */
      deliver(io, encode_error((fds[0].revents & POLLNVAL) ? EBADF : EIO));
      break;
    }

    uint8_t *base = io->slot_data[slot];
    uint32_t lengths[PIO_MAX_BATCH];
    size_t off = PIO_HEADER_BYTES;
    int count = 0;
    int err = 0;
    while (count < PIO_MAX_BATCH && io->slot_bytes[slot] - off >= PIO_MAX_PACKET) {
      ssize_t n = read(io->tun_fd, base + off, PIO_MAX_PACKET);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) err = errno;
        break;
      }
      if (n == 0) break;
      lengths[count++] = (uint32_t)n;
      off += (size_t)n;
    }
    if (count > 0) {
      memcpy(base, lengths, sizeof(uint32_t) * (size_t)count);
      pthread_mutex_lock(&io->lock);
      io->busy[slot] = 1;
      pthread_mutex_unlock(&io->lock);
      if (deliver(io, encode_batch(slot, count)) != 0) break;
      slot = (slot + 1) % PIO_SLOTS;
    }
    if (err != 0) {
      deliver(io, encode_error(err));
      break;
    }
  }
  return NULL;
}

static void *writer_main(void *arg) {
  PacketIo *io = (PacketIo *)arg;
  for (;;) {
    pthread_mutex_lock(&io->lock);
    while (io->whead == io->wtail && !io->stopping) pthread_cond_wait(&io->wnonempty, &io->lock);
    if (io->stopping) {
      pthread_mutex_unlock(&io->lock);
      break;
    }
    size_t head = io->whead;
    size_t tail = io->wtail;
    pthread_mutex_unlock(&io->lock);
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
    slot = (int)((v - 1) % PIO_SLOTS);
    count = (int)((v - 1) / PIO_SLOTS);
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
    pthread_cond_signal(&io->slot_free);
    pthread_mutex_unlock(&io->lock);
  }
}

static void tsfn_finalize(napi_env env, void *finalize_data, void *hint) {
  (void)finalize_data;
  (void)hint;
  PacketIo *io = (PacketIo *)finalize_data;
  for (int i = 0; i < PIO_SLOTS; i++) {
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
static napi_value js_start(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3)
    return throw_error(env, "401", "start(tunFd, slots, onBatch): 3 arguments expected");
  int32_t fd = -1;
  if (napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) return throw_error(env, "401", "tunFd must be a file descriptor");
  uint32_t nslots = 0;
  bool is_array = false;
  if (napi_is_array(env, argv[1], &is_array) != napi_ok || !is_array || napi_get_array_length(env, argv[1], &nslots) != napi_ok ||
      nslots != PIO_SLOTS)
    return throw_error(env, "401", "slots must be an array of 2 ArrayBuffers");
  napi_valuetype cb_type;
  if (napi_typeof(env, argv[2], &cb_type) != napi_ok || cb_type != napi_function) return throw_error(env, "401", "onBatch must be a function");

  PacketIo *io = (PacketIo *)calloc(1, sizeof(PacketIo));
  if (io == NULL) return throw_errno(env, ENOMEM, "start");
  io->tun_fd = fd;
  io->stop_fd = -1;
  pthread_mutex_init(&io->lock, NULL);
  pthread_cond_init(&io->slot_free, NULL);
  pthread_cond_init(&io->wnonempty, NULL);
  io->owners = 1;
  io->wring = (uint8_t *)malloc(PIO_WRING_BYTES);
  if (io->wring == NULL) {
    release_owner(io);
    return throw_errno(env, ENOMEM, "start");
  }
  for (uint32_t i = 0; i < PIO_SLOTS; i++) {
    napi_value buf;
    bool is_ab = false;
    void *data = NULL;
    size_t len = 0;
    if (napi_get_element(env, argv[1], i, &buf) != napi_ok || napi_is_arraybuffer(env, buf, &is_ab) != napi_ok || !is_ab ||
        napi_get_arraybuffer_info(env, buf, &data, &len) != napi_ok || len < PIO_MIN_SLOT_BYTES) {
      for (uint32_t j = 0; j < i; j++) napi_delete_reference(env, io->slot_refs[j]);
      release_owner(io);
      return throw_error(env, "401", "each slot must be an ArrayBuffer of at least 65791 bytes");
    }
    napi_create_reference(env, buf, 1, &io->slot_refs[i]);
    io->slot_data[i] = (uint8_t *)data;
    io->slot_bytes[i] = len;
  }
  io->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (io->stop_fd < 0) {
    int err = errno;
    for (int j = 0; j < PIO_SLOTS; j++) napi_delete_reference(env, io->slot_refs[j]);
    release_owner(io);
    return throw_errno(env, err, "eventfd");
  }
  napi_value name;
  napi_create_string_utf8(env, "harmonywg_io", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(env, argv[2], NULL, name, 0, 1, io, tsfn_finalize, io, call_js, &io->tsfn) != napi_ok) {
    close(io->stop_fd);
    for (int j = 0; j < PIO_SLOTS; j++) napi_delete_reference(env, io->slot_refs[j]);
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
    napi_value p;
    napi_typedarray_type type;
    size_t len = 0;
    void *data = NULL;
    size_t byte_offset = 0;
    bool is_ta = false;
    if (napi_get_element(env, argv[1], i, &p) != napi_ok || napi_is_typedarray(env, p, &is_ta) != napi_ok || !is_ta ||
        napi_get_typedarray_info(env, p, &type, &len, &data, NULL, &byte_offset) != napi_ok || type != napi_uint8_array) {
      pthread_mutex_lock(&io->lock);
      io->whead = head;
      pthread_cond_signal(&io->wnonempty);
      pthread_mutex_unlock(&io->lock);
      return throw_error(env, "401", "packets must be Uint8Arrays");
    }
    if (len > PIO_MAX_PACKET) {
      dropped++;
      continue;
    }
    size_t pos = head % PIO_WRING_BYTES;
    size_t need = pad4(4u + len);
    size_t waste = PIO_WRING_BYTES - pos < need ? PIO_WRING_BYTES - pos : 0;
    if (PIO_WRING_BYTES - (head - tail) < waste + need) {
      dropped++; /* the writer is behind by a whole ring: drop, as a full tun queue would */
      continue;
    }
    if (waste > 0) {
      uint32_t marker = PIO_WRAP_MARKER;
      memcpy(io->wring + pos, &marker, 4);
      head += waste;
      pos = 0;
    }
    uint32_t len32 = (uint32_t)len;
    memcpy(io->wring + pos, &len32, 4);
    memcpy(io->wring + pos + 4, data, len);
    head += need;
  }
  pthread_mutex_lock(&io->lock);
  io->whead = head;
  pthread_cond_signal(&io->wnonempty);
  pthread_mutex_unlock(&io->lock);
  napi_value r;
  napi_create_int32(env, (int32_t)dropped, &r);
  return r;
}

static napi_value module_init(napi_env env, napi_value exports) {
  napi_value max_batch;
  napi_value header_bytes;
  napi_value min_slot_bytes;
  napi_create_int32(env, PIO_MAX_BATCH, &max_batch);
  napi_create_int32(env, PIO_HEADER_BYTES, &header_bytes);
  napi_create_int32(env, PIO_MIN_SLOT_BYTES, &min_slot_bytes);
  napi_property_descriptor props[] = {
      {"MAX_BATCH", NULL, NULL, NULL, NULL, max_batch, napi_enumerable, NULL},
      {"HEADER_BYTES", NULL, NULL, NULL, NULL, header_bytes, napi_enumerable, NULL},
      {"MIN_SLOT_BYTES", NULL, NULL, NULL, NULL, min_slot_bytes, napi_enumerable, NULL},
      {"start", NULL, js_start, NULL, NULL, NULL, napi_default, NULL},
      {"stop", NULL, js_stop, NULL, NULL, NULL, napi_default, NULL},
      {"writePackets", NULL, js_write_packets, NULL, NULL, NULL, napi_default, NULL},
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
