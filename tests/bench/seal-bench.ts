/**
 * `npm run bench:seal` (root): the sealing pipeline alone (tunnel/SealingPipeline.ets), in memory — what
 * moving the seal to the worker thread (workers/SealWorker.ets, through the host's @kit.ArkTS worker on
 * a Node worker thread) costs and saves, against sealing on the engine's thread.
 *
 * Two engines (A, B) complete a handshake; then A's engine takes `--packets` IPv4 packets of `--size`
 * bytes (default 200000 × 1420) in batches of 64 (the native reader's batch), and after each batch the
 * pipeline takes A's output, as Tunnel.flush does. The sink counts the datagrams and their bytes; every
 * `--verify`-th datagram (default 1000) is opened by B, so a wrong seal is seen. The producer keeps at
 * most SEAL_SLOTS batches in flight by yielding to the event loop when the pipeline falls behind
 * (so replies are handled), as the data plane does between reader batches.
 *
 * Per mode (worker / inline): wall time, packets/s and MB/s of inner packet bytes; CPU of the engine's
 * thread and of every other thread of this process (/proc/self/task/ * /stat, % of one core over the
 * run); RSS before and after (VmRSS) and the peak (VmHWM). Benchmarks print; nothing is asserted.
 * Flags: --packets N --size BYTES --verify N --only worker,inline --crypto portable|node (both threads'
 * provider: the worker's through HARMONYWG_CRYPTO, as in the VPN process)
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CryptoProvider } from '../../entry/src/main/ets/core/crypto/CryptoProvider';
import { PortableCryptoProvider } from '../../entry/src/main/ets/core/crypto/PortableCryptoProvider';
import { EngineOutput, UdpEndpoint, WireGuardEngine } from '../../entry/src/main/ets/core/wireguard/Engine';
import { SealedDatagramSink, SealingPipeline, SealingPolicy, SEAL_SLOTS } from '../../entry/src/main/ets/tunnel/SealingPipeline';
import { SealWorkerThread } from '../../entry/src/main/ets/tunnel/SealWorkerThread';
import { ipv4Packet, SeededSource } from '../../entry/src/test/helpers/EngineHarness';
import { NodeCryptoProvider } from '../host/crypto/NodeCryptoProvider';
import { Pair } from './engine-pair';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

const PACKETS = Number(arg('packets', '200000'));
const SIZE = Number(arg('size', '1420'));
const VERIFY = Number(arg('verify', '1000'));
const ONLY = arg('only', 'worker,inline').split(',');
const CRYPTO = arg('crypto', 'portable');
const BATCH = 64;
const CLK_TCK = 100;
// The worker's provider is chosen as the VPN process's is (tests/host/bundling.ts: HARMONYWG_CRYPTO).
process.env.HARMONYWG_CRYPTO = CRYPTO;

function newCrypto(seed: number): CryptoProvider {
  return CRYPTO === 'node' ? new NodeCryptoProvider(new SeededSource(seed)) : new PortableCryptoProvider(new SeededSource(seed));
}

function statusKb(field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : NaN;
}

function threadTimes(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const st = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(f[11]) + Number(f[12])) / CLK_TCK);
    } catch { /* gone */ }
  }
  return out;
}

/** The sink: counts, and hands every VERIFY-th datagram to B. */
class CountingSink implements SealedDatagramSink {
  datagrams = 0;
  bytes = 0;
  verified = 0;
  constructor(private readonly b: WireGuardEngine, private readonly from: UdpEndpoint, private readonly ob: EngineOutput) {}
  send(data: Uint8Array, to: UdpEndpoint): void {
    this.datagrams++;
    this.bytes += data.length;
    if (this.datagrams % VERIFY === 0) {
      this.b.receiveDatagram(new Uint8Array(data), this.from, 1000, this.ob);
      if (this.ob.tunPackets.length === 1) this.verified++;
      this.ob.clear();
    }
  }
  flushSends(): void { /* counted in send */ }
}

function tick(): Promise<void> { return new Promise((r) => setImmediate(r)); }

async function run(mode: string): Promise<string> {
  const p = new Pair(() => newCrypto(1));
  p.handshake();
  const a = p.a;
  const oa = p.oa;
  const sink = new CountingSink(p.b, p.epA, p.ob);
  const policy = new SealingPolicy();
  policy.startAtAttach = true;
  const pipeline = new SealingPipeline(newCrypto(3), mode === 'worker' ? new SealWorkerThread() : null, sink, policy);
  pipeline.attach(oa);
  const packet = ipv4Packet('10.0.0.1', '10.0.0.2', SIZE - 20, 7);
  // Warm-up (JIT, worker start), then the measured run.
  for (let i = 0; i < 2000; i += BATCH) {
    for (let k = 0; k < BATCH; k++) a.sendPacket(packet, 1000, oa);
    pipeline.take(oa);
    oa.clear();
    await tick();
  }
  while (sink.datagrams < 2000 || (mode === 'worker' && pipeline.workerBatches < 10)) {
    // Until the worker has loaded (its ready message) the flushes are sealed here: go on warming up.
    for (let k = 0; k < BATCH; k++) a.sendPacket(packet, 1000, oa);
    pipeline.take(oa);
    oa.clear();
    await tick();
  }
  const base = sink.datagrams;
  const baseBytes = sink.bytes;
  const baseVerified = sink.verified;
  const rss0 = statusKb('VmRSS');
  const t0 = threadTimes();
  const w0 = performance.now();
  const mainTid = String(process.pid);
  for (let sent = 0; sent < PACKETS; sent += BATCH) {
    for (let k = 0; k < BATCH; k++) a.sendPacket(packet, 1000, oa);
    pipeline.take(oa);
    oa.clear();
    // Between reader batches the data plane returns to the event loop: replies are handled there.
    if (mode === 'worker' && (sent / BATCH) % SEAL_SLOTS === SEAL_SLOTS - 1) await tick();
  }
  while (sink.datagrams - base < PACKETS) await tick();
  const ms = performance.now() - w0;
  const t1 = threadTimes();
  const rss1 = statusKb('VmRSS');
  pipeline.close();
  let mainCpu = 0;
  let otherCpu = 0;
  for (const [tid, t] of t1) {
    const d = t - (t0.get(tid) ?? 0);
    if (tid === mainTid) mainCpu += d; else otherCpu += d;
  }
  const pps = PACKETS / ms * 1000;
  return `${mode.padEnd(7)} ${CRYPTO.padEnd(8)} ${(pps / 1000).toFixed(1).padStart(7)} k pkt/s ${(pps * SIZE / 1e6).toFixed(0).padStart(5)} MB/s` +
    `  engine thread ${(100 * mainCpu / (ms / 1000)).toFixed(0).padStart(3)} %  other threads ${(100 * otherCpu / (ms / 1000)).toFixed(0).padStart(3)} %` +
    `  engine-thread CPU per packet ${(mainCpu * 1e6 / PACKETS).toFixed(1)} µs` +
    `  RSS ${(rss0 / 1024).toFixed(0)} → ${(rss1 / 1024).toFixed(0)} MB` +
    `  worker/inline flushes ${pipeline.workerBatches}/${pipeline.inlineBatches}  verified ${sink.verified - baseVerified}/${Math.floor(sink.datagrams / VERIFY) - Math.floor(base / VERIFY)}` +
    `  (${sink.bytes - baseBytes} B out)`;
}

async function main(): Promise<void> {
  const lines: string[] = [];
  for (const mode of ONLY) {
    lines.push(await run(mode));
    process.stdout.write(lines[lines.length - 1] + '\n');
  }
  process.stdout.write(`peak RSS of the process (VmHWM) ${(statusKb('VmHWM') / 1024).toFixed(0)} MB\n`);
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });
