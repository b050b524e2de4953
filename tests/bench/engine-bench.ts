/**
 * `npm run bench:engine` (root): the WireGuard engine alone, in memory — no tun, no socket, no
 * namespace — to see what sealing and opening transport messages costs per packet (CPU and garbage).
 *
 * Two engines (A initiator, B responder) complete a handshake, then for each crypto provider
 * (portable: @noble / tweetnacl as on the device; node: node:crypto) and each direction (A→B, B→A),
 * `--packets` IPv4 packets of `--size` bytes (default 100000 × 1420, the tun MTU) are moved in
 * batches of 64 (the native data path's largest batch):
 *   seal — sendPacket of each packet of the batch, into one EngineOutput;
 *   open — the sealed datagrams are copied into one reused 64-slot receive buffer (as recvmmsg fills
 *          the native module's slot: outside the timing), then receiveDatagram of each view and a
 *          pass over the resulting tun packets (reading their first byte, as a tun write would touch
 *          them), then out.clear().
 * Timing: performance.now() around each phase of each batch, summed (ms). Garbage: the GC events
 * Node reports to a PerformanceObserver of entry type 'gc' (minor = scavenges of the young
 * generation, major = mark-sweep-compact), each counted for the phase during which it started (the
 * phase whose allocation filled the heap), scaled to 10^5 packets, with their total pause time; the
 * run's total (copies into the slot included) too. A run of `--warmup` packets first lets the JIT settle.
 * Prints one table line per provider × direction × phase (packets/s, MB/s of inner packet bytes,
 * GC events per 10^5 packets, GC ms per 10^5 packets) and, last, `ENGINE_BENCH {json}`.
 * Benchmarks print; nothing is asserted. Flags: --packets N --size BYTES --warmup N --only portable,node
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { CryptoProvider } from '../../entry/src/main/ets/core/crypto/CryptoProvider';
import { PortableCryptoProvider } from '../../entry/src/main/ets/core/crypto/PortableCryptoProvider';
import { ipv4Packet, SeededSource } from '../../entry/src/test/helpers/EngineHarness';
import { Pair } from './engine-pair';
import { NodeCryptoProvider } from '../host/crypto/NodeCryptoProvider';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

const PACKETS = Number(arg('packets', '100000'));
const SIZE = Number(arg('size', '1420'));
const WARMUP = Number(arg('warmup', '20000'));
const ONLY = arg('only', 'portable,node').split(',');
const BATCH = 64;
/** One receive slot entry: the largest datagram of a 1420-byte packet (16 header + 1420 padded to 1424 + 16 tag) rounded up. */
const SLOT_STRIDE = 2048;

/** One GC event as Node reports it to a PerformanceObserver of entry type 'gc'. */
class GcEvent {
  constructor(readonly start: number, readonly ms: number, readonly kind: number) {
  }
}

/** Collects every GC event while observing. */
class GcLog {
  readonly events: GcEvent[] = [];
  private readonly observer: PerformanceObserver;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
        this.events.push(new GcEvent(e.startTime, e.duration, kind));
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Lets pending GC entries reach the observer (they are delivered asynchronously). */
  async settle(): Promise<void> {
    await new Promise<void>((r) => setTimeout(r, 20));
  }

  stop(): void {
    this.observer.disconnect();
  }
}

class PhaseResult {
  ms = 0;
  /** performance.now() intervals [start, end] of this phase, in order. */
  readonly intervals: number[] = [];
  minor = 0;
  major = 0;
  other = 0;
  gcMs = 0;

  /** Counts the events whose start falls in one of this phase's intervals. */
  attribute(events: GcEvent[]): void {
    let j = 0;
    for (const e of events) {
      while (j + 1 < this.intervals.length && this.intervals[j + 1] < e.start) j += 2;
      if (j + 1 < this.intervals.length && this.intervals[j] <= e.start && e.start <= this.intervals[j + 1]) {
        // perf_hooks constants: NODE_PERFORMANCE_GC_MINOR 1, MAJOR 4 (INCREMENTAL 8, WEAKCB 16 other).
        if (e.kind === 1) this.minor++;
        else if (e.kind === 4) this.major++;
        else this.other++;
        this.gcMs += e.ms;
      }
    }
  }
}

class DirectionResult {
  readonly seal = new PhaseResult();
  readonly open = new PhaseResult();
  packets = 0;
  delivered = 0;
  /** Every GC event during the run, whichever phase (the copies into the slot included). */
  gcTotal = 0;
}

/** Moves `n` packets sender → receiver in batches of 64; returns the timings and GC events per phase. */
async function move(pair: Pair, forward: boolean, n: number, gc: GcLog): Promise<DirectionResult> {
  const sender = forward ? pair.a : pair.b;
  const receiver = forward ? pair.b : pair.a;
  const sOut = forward ? pair.oa : pair.ob;
  const rOut = forward ? pair.ob : pair.oa;
  const src = forward ? pair.epA : pair.epB;
  const packet = forward ? ipv4Packet('10.0.0.1', '10.0.0.2', SIZE - 20, 7) : ipv4Packet('10.0.0.2', '10.0.0.1', SIZE - 20, 9);
  const slot = new ArrayBuffer(BATCH * SLOT_STRIDE);
  const slotBytes = new Uint8Array(slot);
  const lengths: number[] = new Array<number>(BATCH).fill(0);
  const r = new DirectionResult();
  let checksum = 0;
  await gc.settle();
  const first = gc.events.length;
  const t0 = performance.now();
  for (let done = 0; done < n; done += BATCH) {
    const k = Math.min(BATCH, n - done);
    let t = performance.now();
    for (let i = 0; i < k; i++) {
      sender.sendPacket(packet, pair.now, sOut);
    }
    let e = performance.now();
    r.seal.ms += e - t;
    r.seal.intervals.push(t, e);
    const m = sOut.datagrams.length;
    for (let i = 0; i < m; i++) {
      const d = sOut.datagrams[i].data;
      slotBytes.set(d, i * SLOT_STRIDE);
      lengths[i] = d.length;
    }
    sOut.clear();
    t = performance.now();
    for (let i = 0; i < m; i++) {
      receiver.receiveDatagram(new Uint8Array(slot, i * SLOT_STRIDE, lengths[i]), src, pair.now, rOut);
    }
    for (let i = 0; i < rOut.tunPackets.length; i++) {
      checksum += rOut.tunPackets[i][0];
    }
    r.delivered += rOut.tunPackets.length;
    rOut.clear();
    e = performance.now();
    r.open.ms += e - t;
    r.open.intervals.push(t, e);
    r.packets += k;
  }
  const t1 = performance.now();
  await gc.settle();
  const events = gc.events.slice(first).filter((ev) => ev.start >= t0 && ev.start <= t1);
  r.gcTotal = events.length;
  r.seal.attribute(events);
  r.open.attribute(events);
  if (checksum < 0) console.log(checksum);
  return r;
}

class Line {
  constructor(readonly provider: string, readonly direction: string, readonly phase: string,
    readonly packetsPerS: number, readonly mbPerS: number, readonly gcPer1e5: number, readonly minorPer1e5: number,
    readonly majorPer1e5: number, readonly gcMsPer1e5: number, readonly runGcPer1e5: number) {
  }
}

async function main(): Promise<void> {
  const gc = new GcLog();
  const lines: Line[] = [];
  const providers: [string, () => CryptoProvider][] = [
    ['portable', () => new PortableCryptoProvider(new SeededSource(1))],
    ['node', () => new NodeCryptoProvider(new SeededSource(2))],
  ];
  for (const [name, make] of providers) {
    if (!ONLY.includes(name)) continue;
    for (const forward of [true, false]) {
      const dir = forward ? 'A→B' : 'B→A';
      const pair = new Pair(make);
      pair.handshake();
      await move(pair, forward, WARMUP, gc);
      const r = await move(pair, forward, PACKETS, gc);
      if (r.delivered !== r.packets) {
        throw new Error(`${name} ${dir}: ${r.delivered} of ${r.packets} packets delivered`);
      }
      const scale = 1e5 / PACKETS;
      for (const [phase, p] of [['seal', r.seal], ['open', r.open]] as [string, PhaseResult][]) {
        lines.push(new Line(name, dir, phase, PACKETS / (p.ms / 1000), PACKETS * SIZE / (p.ms / 1000) / 1e6,
          (p.minor + p.major + p.other) * scale, p.minor * scale, p.major * scale, p.gcMs * scale, r.gcTotal * scale));
      }
    }
  }
  gc.stop();
  console.log(`engine bench: ${PACKETS} packets of ${SIZE} bytes per direction, batches of ${BATCH}, node ${process.version}`);
  console.log('GC/1e5: GC events starting during the phase per 10^5 packets (minor major); run GC/1e5: all events of the run');
  console.log('provider  dir  phase   packets/s     MB/s   GC/1e5 (minor major)  GC ms/1e5  run GC/1e5');
  for (const l of lines) {
    console.log(`${l.provider.padEnd(9)} ${l.direction} ${l.phase.padEnd(5)} ${l.packetsPerS.toFixed(0).padStart(11)} ${l.mbPerS.toFixed(1).padStart(8)} ` +
      `${l.gcPer1e5.toFixed(0).padStart(8)} (${l.minorPer1e5.toFixed(0)} ${l.majorPer1e5.toFixed(0)}) ${l.gcMsPer1e5.toFixed(1).padStart(10)} ${l.runGcPer1e5.toFixed(0).padStart(11)}`);
  }
  console.log('ENGINE_BENCH ' + JSON.stringify({ packets: PACKETS, size: SIZE, batch: BATCH, results: lines }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
