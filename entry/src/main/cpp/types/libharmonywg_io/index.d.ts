/**
 * libharmonywg_io.so (entry/src/main/cpp/packet_io.c): a native thread that waits for packets on
 * the tun fd (poll + eventfd, no timeout) and hands them to ArkTS in batches, and batched tun writes.
 * The WireGuard protocol, crypto and decisions stay in ArkTS (tunnel/Tunnel.ets).
 */

/** The opaque reader returned by {@link start} (a Node-API external). */
export interface PacketIoHandle {
  readonly __packetIoHandle: never;
}

/** Packets per batch at most; the slot's length table has this many uint32 entries. */
export const MAX_BATCH: number;

/** Bytes before the first packet in a slot (the length table: MAX_BATCH native-endian uint32). */
export const HEADER_BYTES: number;

/** Smallest slot buffer, bytes: HEADER_BYTES + 65535 (a packet is read only when 65535 bytes are left). */
export const MIN_SLOT_BYTES: number;

/** UDP receive slot: bytes per table entry {u32 length, u16 port, u8 family 4|6, u8 0, 16 address bytes} (native-endian numbers). */
export const UDP_ENTRY_BYTES: number;

/** UDP receive slot: bytes of the table (MAX_BATCH entries); datagram i starts at UDP_HEADER_BYTES + i × UDP_DATAGRAM_BYTES. */
export const UDP_HEADER_BYTES: number;

/** UDP receive slot: room per datagram, bytes (a longer one arrives with length 0: drop it). */
export const UDP_DATAGRAM_BYTES: number;

/** Smallest UDP receive slot, bytes. */
export const UDP_SLOT_BYTES: number;

/** A packed destination for sendDatagrams: {u16 port big-endian, u8 family 4|6, u8 0, 16 address bytes}. */
export const ADDR_BYTES: number;

/**
 * Starts the reader and writer threads on `tunFd` (and, with `udpFd`, on that UDP socket too).
 * @param tunFd the tun fd from VpnConnection.create(); the module never closes it.
 * @param slots exactly two ArrayBuffers of at least MIN_SLOT_BYTES; the thread fills one while ArkTS
 *   reads the other; ArkTS must not keep views into a slot after its callback returns.
 * @param onBatch called on this thread once per batch: `count` (1..MAX_BATCH) packets are in slot
 *   `slot` (lengths in its table, packets contiguous from HEADER_BYTES); slot 2 or 3: `count`
 *   datagrams in udpSlots[slot - 2] (UDP_* layout); or once with slot -1 and
 *   count = -errno when reading the tun failed (the reader has then ended); or with slot -2 and
 *   count = -errno when the writer thread's tun write failed (once per pass over the queue).
 * @param udpFd a socket from openUdp whose datagrams the threads receive (recvmmsg) and send.
 * @param udpSlots with udpFd: two ArrayBuffers of at least UDP_SLOT_BYTES.
 * @throws Error with code '401' for bad arguments, an errno number (as a string) when the eventfd
 *   or thread cannot be created.
 */
export const start: (tunFd: number, slots: ArrayBuffer[], onBatch: (slot: number, count: number) => void,
  udpFd?: number, udpSlots?: ArrayBuffer[]) => PacketIoHandle;

/**
 * Queues `count` datagrams for the UDP socket given to start(), each to the packed address at the
 * same index of `to` (ADDR_BYTES each); the writer thread sends them with sendmmsg.
 * @returns datagrams dropped since the previous call (ring full, socket buffer full, unreachable).
 * @throws Error with code '401' on bad arguments.
 */
export const sendDatagrams: (handle: PacketIoHandle, datagrams: Uint8Array[], to: Uint8Array[], count: number) => number;

/**
 * Opens a non-blocking UDP socket bound to the wildcard address of `family` (4, or 6 dual-stack) and
 * `port` (0: any). @returns its fd. @throws Error whose code is the errno as text ('98' EADDRINUSE …).
 */
export const openUdp: (family: number, port: number) => number;

/** The port `fd` is bound to. @throws Error (errno as text). */
export const udpPort: (fd: number) => number;

/** Closes a socket from openUdp (after stop() of the handle using it). */
export const closeUdp: (fd: number) => void;

/**
 * Stops the reader and writer threads: when it returns both have exited, the tun fd is no longer
 * used, and no further onBatch call is made (queued batches and writes are discarded). Idempotent.
 */
export const stop: (handle: PacketIoHandle) => void;

/**
 * Queues `count` packets (the first `count` elements) for the tun in one call: copied into a 2 MiB
 * ring that the writer thread writes in order (one write(2) each); the views may be reused at once.
 * @returns packets dropped since the previous call: the ring was full, or the tun queue (EAGAIN/ENOBUFS).
 * @throws Error with code '401' on bad arguments. Other write errors arrive through onBatch (slot -2).
 */
export const writePackets: (handle: PacketIoHandle, packets: Uint8Array[], count: number) => number;
