/**
 * `npm run bench` (root): HarmonyWG's real data path (the VPN ability through the host runtime, the same
 * .ets code as on the device) against wireguard-go and the raw link, in one run.
 *
 * Contenders, interleaved A B C D E A B C D E … for `--rounds` rounds (default 3), so that every figure can
 * be read as a ratio between neighbours measured under the same machine noise:
 *   A plain    — TCP over the bare veth between the namespaces (the link's limit);
 *   B wggo     — wireguard-go (phone ns) ↔ wireguard-go (server ns), MTU 1420 (the reference);
 *   C portable — HarmonyWG's VPN process (portable crypto, as on the device) ↔ wireguard-go, on the
 *                native data path (libharmonywg_io: NATIVE_WAIT);
 *   D node     — the same with the node:crypto provider (HARMONYWG_CRYPTO=node);
 *   E polling  — C on the fallback data path (HARMONYWG_DATA_PATH=polling: the ArkTS poll loop);
 *   F worker   — C with the sealing worker from Start, whatever the load (HARMONYWG_SEAL_WORKER=always);
 *                C runs the device's policy (a worker only while the engine thread is the limit), so C
 *                against F shows what the worker (tunnel/SealingPipeline.ets) gives or costs here.
 * Per contender: iperf3 TCP throughput phone→server (up) and server→phone (down, `-R`), `--seconds`
 * each (default 10); ping RTT idle (1 ping/s) and under load (5 pings/s during the upload); for B, C, D the
 * time to the first handshake, CPU seconds of the tunnel process per GB moved (utime+stime from
 * /proc/<pid>/stat over both iperf runs / iperf payload bytes), its peak RSS (VmHWM), and the CPU of its
 * busiest thread during each iperf run (% of one core, /proc/<pid>/task/ * /stat: near 100 % that thread
 * is the limit), and the share of the whole machine's CPU left idle meanwhile (/proc/stat: near 0 %
 * every core was busy, and CPU per GB decides the throughput).
 * After the load of B–E, the idle phase: 10 s of silence, one ping (the idle-wake RTT), then over
 * `--idle` s (default 30) without traffic the tunnel process's CPU and its wake-ups (context switches
 * summed over every thread, /proc/PID/task/ * /status, ÷ seconds). Also per contender: the tunnel
 * process's thread count (under load and idle) and, for HarmonyWG, the data path its status reports.
 * `--deep-idle` additionally measures, once at the end, idle CPU and wake RTT of the polling fallback
 * after more than 60 s of silence.
 *
 * Prints a table (min / median / max over the rounds) and, last, `BENCH {json}` with the medians and
 * the ratios (each ratio is taken within a round, then the median over the rounds), the data path and
 * the sealing thread each HarmonyWG contender's status reported.
 * Exit code 0 when every contender produced its figures in at least one round.
 *
 * Other flags: --only plain,wggo,portable,node,polling,worker   --profile DIR (node --cpu-prof of the VPN processes into DIR)
 *   --verbose (progress on stderr)   --threads (every thread's CPU during each iperf run, with its name).
 */
import { ChildProcess, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NetnsLab, WgClient } from '../e2e/netns';
import { Phone } from '../e2e/phone';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

const ROUNDS = Number(arg('rounds', '3'));
const SECONDS = Number(arg('seconds', '10'));
const IDLE_S = Number(arg('idle', '30'));
const ONLY = arg('only', 'plain,wggo,portable,node,polling,worker').split(',');
const PROFILE_DIR = arg('profile', '');
const DEEP_IDLE = flag('deep-idle');
const THREADS = flag('threads');
const VERBOSE = flag('verbose') || !!process.env.HARMONYWG_E2E_VERBOSE;
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const IPERF_PORT_VETH = 5201;
const IPERF_PORT_TUN = 5202;

function sleep(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms)); }
function log(s: string): void { if (VERBOSE) process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`); }
function progress(s: string): void { process.stdout.write(s + '\n'); }

/** Result of a command run to completion in a namespace. */
interface Ran { code: number | null; stdout: string; stderr: string }

function collect(child: ChildProcess): Promise<Ran> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => { stdout += d; });
    child.stderr?.on('data', (d) => { stderr += d; });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function runIn(lab: NetnsLab, ns: string, cmd: string, args: string[]): Promise<Ran> {
  return collect(lab.spawn(ns, cmd, args));
}

/** utime + stime of a process in seconds. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK; // fields 14 and 15 of proc(5)
}

/** Peak resident set size (VmHWM) in MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Voluntary + involuntary context switches of each thread of a process, by thread id (≈ wake-ups when idle). */
function contextSwitches(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const st = fs.readFileSync(`/proc/${pid}/task/${t}/status`, 'utf8');
      let n = 0;
      for (const m of st.matchAll(/_ctxt_switches:\s+(\d+)/g)) n += Number(m[1]);
      out.set(t, n);
    } catch { /* the thread ended meanwhile */ }
  }
  return out;
}

/**
 * Context switches between two readings, summed per thread: a thread that started meanwhile counts from
 * 0; one that ended meanwhile (the sealing worker's idle stop) is left out — its last switches are lost
 * with it, which undercounts by at most its few final ones (a plain difference of sums went negative).
 */
function switchesBetween(before: Map<string, number>, after: Map<string, number>): number {
  let n = 0;
  for (const [tid, c] of after) n += c - (before.get(tid) ?? 0);
  return n;
}

/** Threads of a process (/proc/PID/task entries). */
function threadCount(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/task`).length;
}

/** What a process did over a quiet period: CPU (% of one core), wake-ups per second, and the per-thread switch counts. */
interface Quiet { cpuPct: number; wakeupsPerS: number; secs: number; before: Map<string, number>; after: Map<string, number> }

/** Waits `ms` and measures `pid`'s CPU and context switches meanwhile (the idle and deep-idle phases). */
async function quietPeriod(pid: number, ms: number): Promise<Quiet> {
  const c0 = cpuSeconds(pid);
  const before = contextSwitches(pid);
  const w0 = performance.now();
  await sleep(ms);
  const secs = (performance.now() - w0) / 1000;
  const cpuPct = 100 * (cpuSeconds(pid) - c0) / secs;
  const after = contextSwitches(pid);
  return { cpuPct, wakeupsPerS: switchesBetween(before, after) / secs, secs, before, after };
}

/** `name(tid)` of a thread for the --threads lines ("main" for the process's own thread). */
function threadLabel(pid: number, tid: string): string {
  let name = '?';
  try { name = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(); } catch { /* gone */ }
  return `${name}(${tid === String(pid) ? 'main' : tid})`;
}

/**
 * The idle phase (every tunnel contender): 10 s of silence, one ping through the tunnel (the wake RTT),
 * then CPU and wake-ups of `pid` over IDLE_S seconds without traffic.
 */
async function idlePhase(lab: NetnsLab, host: string, pid: number, s: Sample): Promise<void> {
  await sleep(10000);
  const wake = await ping(lab, host, 1, 1);
  s.idle_wake_rtt_ms = wake.length ? wake[0] : NaN;
  const q = await quietPeriod(pid, IDLE_S * 1000);
  s.idle_cpu_pct = q.cpuPct;
  s.idle_wakeups_per_s = q.wakeupsPerS;
  if (THREADS) {
    const rows: string[] = [];
    for (const [tid, c] of q.after) {
      const d = c - (q.before.get(tid) ?? 0);
      if (d !== 0) rows.push(`${threadLabel(pid, tid)} ${(d / q.secs).toFixed(2)}/s`);
    }
    progress(`  idle wake-ups by thread: ${rows.join(', ')}`);
  }
  s.threads_idle = threadCount(pid);
}

/** The VPN ability process: the child of the phone agent whose title ends in `:vpn`. */
function vpnPidOf(agentPid: number): number {
  let kids: number[] = [];
  try {
    for (const t of fs.readdirSync(`/proc/${agentPid}/task`)) {
      kids = kids.concat(fs.readFileSync(`/proc/${agentPid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter((x) => x).map(Number));
    }
  } catch { return 0; }
  for (const k of kids) {
    try { if (fs.readFileSync(`/proc/${k}/cmdline`, 'utf8').includes(':vpn')) return k; } catch { /* gone */ }
  }
  return 0;
}

interface IperfResult { mbps: number; bytes: number }

async function iperf(lab: NetnsLab, host: string, port: number, reverse: boolean): Promise<IperfResult> {
  for (let attempt = 1; ; attempt++) {
    const r = await runIn(lab, lab.phoneNs, 'iperf3', ['-c', host, '-p', String(port), '-t', String(SECONDS), '-J', ...(reverse ? ['-R'] : [])]);
    try {
      const j = JSON.parse(r.stdout);
      if (j.error) throw new Error(j.error);
      const s = j.end.sum_received;
      return { mbps: s.bits_per_second / 1e6, bytes: s.bytes };
    } catch (e: any) {
      if (attempt >= 2) throw new Error(`iperf3 -c ${host}:${port}${reverse ? ' -R' : ''}: ${e.message || e} ${r.stderr.trim()}`);
      log(`iperf3 failed (${e.message || e}), retrying`);
      await sleep(1000);
    }
  }
}

async function ping(lab: NetnsLab, host: string, count: number, intervalS: number): Promise<number[]> {
  const r = await runIn(lab, lab.phoneNs, 'ping', ['-n', '-c', String(count), '-i', String(intervalS), '-W', '2', '-w', String(Math.ceil(count * intervalS) + 3), host]);
  return [...r.stdout.matchAll(/time=([\d.]+) ms/g)].map((m) => Number(m[1]));
}

function median(xs: number[]): number {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Every figure of one contender in one round, by key. */
type Sample = Record<string, number>;

/** Upload with pings alongside (RTT under load), then download; CPU of `pid` over both. */
/** utime + stime in seconds of every thread of a process, by thread id. */
function threadCpuSeconds(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[] = [];
  try { tids = fs.readdirSync(`/proc/${pid}/task`); } catch { return out; }
  for (const tid of tids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(f[11]) + Number(f[12])) / CLK_TCK);
    } catch { /* thread gone */ }
  }
  return out;
}

/**
 * The busiest thread's CPU over a phase, in % of one core, and its share of the process's CPU: 100 %
 * means that thread (for HarmonyWG: the engine's ArkTS thread) was the limit.
 */
function busiestThreadPct(before: Map<string, number>, after: Map<string, number>, seconds: number): number {
  let best = 0;
  for (const [tid, t] of after) best = Math.max(best, t - (before.get(tid) ?? 0));
  return 100 * best / seconds;
}

/** Idle and total jiffies of the whole machine (/proc/stat "cpu" line: idle + iowait, and the sum). */
function machineJiffies(): [number, number] {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return [f[3] + (f[4] ?? 0), total];
}

/** % of the machine's CPU time left idle between two machineJiffies() readings. */
function machineIdlePct(a: [number, number], b: [number, number]): number {
  return b[1] > a[1] ? 100 * (b[0] - a[0]) / (b[1] - a[1]) : NaN;
}

/** `--threads`: prints every thread's CPU over a phase (% of one core), with its name (/proc/…/comm). */
function printThreads(label: string, pid: number, before: Map<string, number>, after: Map<string, number>, seconds: number): void {
  if (!THREADS) return;
  const rows: string[] = [];
  for (const [tid, t] of [...after.entries()].sort((a, b) => (b[1] - (before.get(b[0]) ?? 0)) - (a[1] - (before.get(a[0]) ?? 0)))) {
    const pct = 100 * (t - (before.get(tid) ?? 0)) / seconds;
    if (pct < 0.5) continue;
    rows.push(`${threadLabel(pid, tid)} ${pct.toFixed(0)}%`);
  }
  progress(`  threads ${label}: ${rows.join(', ')}`);
}

async function loadPhase(lab: NetnsLab, host: string, port: number, pid: number, s: Sample): Promise<void> {
  const cpu0 = pid > 0 ? cpuSeconds(pid) : 0;
  const pingCount = Math.max(1, Math.floor((SECONDS - 2) * 5));
  const loaded = (async () => { await sleep(1000); return ping(lab, host, pingCount, 0.2); })();
  let t0 = pid > 0 ? threadCpuSeconds(pid) : new Map<string, number>();
  let w0 = performance.now();
  let m0 = machineJiffies();
  const up = await iperf(lab, host, port, false);
  s.machine_idle_up_pct = machineIdlePct(m0, machineJiffies());
  if (pid > 0) {
    const t1 = threadCpuSeconds(pid);
    s.busiest_thread_up_pct = busiestThreadPct(t0, t1, (performance.now() - w0) / 1000);
    printThreads('upload', pid, t0, t1, (performance.now() - w0) / 1000);
  }
  const rtts = await loaded;
  t0 = pid > 0 ? threadCpuSeconds(pid) : t0;
  w0 = performance.now();
  m0 = machineJiffies();
  const down = await iperf(lab, host, port, true);
  s.machine_idle_down_pct = machineIdlePct(m0, machineJiffies());
  if (pid > 0) {
    const t1 = threadCpuSeconds(pid);
    s.busiest_thread_down_pct = busiestThreadPct(t0, t1, (performance.now() - w0) / 1000);
    printThreads('download', pid, t0, t1, (performance.now() - w0) / 1000);
  }
  s.tcp_up_mbps = up.mbps;
  s.tcp_down_mbps = down.mbps;
  s.ping_load_ms = median(rtts);
  s.ping_load_loss_pct = 100 * (pingCount - rtts.length) / pingCount;
  if (pid > 0) {
    s.cpu_s_per_gb = (cpuSeconds(pid) - cpu0) / ((up.bytes + down.bytes) / 1e9);
    s.rss_peak_mb = peakRssMb(pid);
    s.threads_load = threadCount(pid);
  }
}

async function benchPlain(lab: NetnsLab): Promise<Sample> {
  const s: Sample = {};
  s.ping_idle_ms = median(await ping(lab, lab.serverAddr4, 5, 1));
  s.tcp_up_mbps = (await iperf(lab, lab.serverAddr4, IPERF_PORT_VETH, false)).mbps;
  return s;
}

async function benchWgGo(lab: NetnsLab): Promise<Sample> {
  const s: Sample = {};
  const wg = lab.wg!;
  let client: WgClient | null = null;
  try {
    const t0 = performance.now();
    client = await lab.startWireguardClient(1420);
    const first = await ping(lab, wg.tunnelAddr4, 1, 1);
    if (first.length === 0) throw new Error('no reply through wireguard-go');
    s.handshake_ms = performance.now() - t0; // interface up + handshake + first RTT
    s.ping_idle_ms = median(await ping(lab, wg.tunnelAddr4, 5, 1));
    await loadPhase(lab, wg.tunnelAddr4, IPERF_PORT_TUN, client.pid, s);
    // The same idle probe as HarmonyWG's (machine and server side wake-up included in both).
    await idlePhase(lab, wg.tunnelAddr4, client.pid, s);
  } finally {
    if (client !== null) await client.stop();
  }
  return s;
}

/** Reads status.json until CONNECTED with a handshake; returns the handshake's wall time (ms). */
async function waitHandshake(phone: Phone, timeoutMs: number): Promise<number> {
  const file = path.join(phone.filesDir, 'status.json');
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const j = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (j.state === 'CONNECTED' && j.latestHandshakeMs > 0) return j.latestHandshakeMs;
      if (j.state === 'FAILED') throw new Error(`tunnel FAILED: ${j.problem} ${j.detail}`);
    } catch (e: any) {
      if (String(e.message).startsWith('tunnel FAILED')) throw e;
    }
    await sleep(2);
  }
  throw new Error(`no handshake within ${timeoutMs} ms`);
}

/** The data path and the sealing thread each HarmonyWG contender's status reported (last round). */
const dataPaths: Record<string, string> = {};
const sealingThreads: Record<string, string> = {};

async function benchOurs(lab: NetnsLab, name: 'portable' | 'node' | 'polling' | 'worker', round: number): Promise<Sample> {
  const s: Sample = {};
  const wg = lab.wg!;
  const variant = name === 'node' ? 'node' : 'portable';
  const env: Record<string, string> = { HARMONYWG_CRYPTO: variant };
  if (name === 'polling') env.HARMONYWG_DATA_PATH = 'polling';
  if (name === 'worker') env.HARMONYWG_SEAL_WORKER = 'always';
  if (PROFILE_DIR) env.HARMONYWG_VPN_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${path.resolve(PROFILE_DIR)} --cpu-prof-name=${name}-r${round}.cpuprofile`;
  const phone = await Phone.launch(lab, env, `phone-${name}`);
  try {
    await phone.importTunnel('bench', lab.clientConfig());
    const t0 = Date.now();
    let forkMs = 0;
    const started = phone.call('start');
    const watchFork = (async () => {
      while (forkMs === 0 && Date.now() - t0 < 20000) {
        if (vpnPidOf(phone.pid) > 0) forkMs = Date.now();
        else await sleep(2);
      }
    })();
    const hs = await waitHandshake(phone, 20000);
    await started;
    await watchFork;
    const pid = vpnPidOf(phone.pid);
    if (pid === 0) throw new Error('VPN process not found');
    s.handshake_ms = hs - t0;
    s.fork_to_handshake_ms = forkMs > 0 ? hs - forkMs : NaN;
    try {
      const status = JSON.parse(fs.readFileSync(path.join(phone.filesDir, 'status.json'), 'utf8'));
      dataPaths[name] = String(status.dataPath);
      sealingThreads[name] = String(status.sealing);
    } catch { dataPaths[name] = '?'; sealingThreads[name] = '?'; }
    s.ping_idle_ms = median(await ping(lab, wg.tunnelAddr4, 5, 1));
    await loadPhase(lab, wg.tunnelAddr4, IPERF_PORT_TUN, pid, s);
    await idlePhase(lab, wg.tunnelAddr4, pid, s);
  } finally {
    await phone.close();
  }
  return s;
}

/** Once, optional: idle CPU and wake RTT of the polling fallback after more than 60 s of silence. */
async function benchDeepIdle(lab: NetnsLab): Promise<Sample> {
  const s: Sample = {};
  const phone = await Phone.launch(lab, { HARMONYWG_CRYPTO: 'portable', HARMONYWG_DATA_PATH: 'polling' }, 'phone-deep');
  try {
    await phone.importTunnel('bench', lab.clientConfig());
    await phone.call('start');
    await waitHandshake(phone, 20000);
    const pid = vpnPidOf(phone.pid);
    await ping(lab, lab.wg!.tunnelAddr4, 1, 1);
    await sleep(62000);
    const q = await quietPeriod(pid, IDLE_S * 1000);
    s.deep_idle_cpu_pct = q.cpuPct;
    s.deep_idle_wakeups_per_s = q.wakeupsPerS;
    const wake = await ping(lab, lab.wg!.tunnelAddr4, 1, 1);
    s.deep_idle_wake_rtt_ms = wake.length ? wake[0] : NaN;
  } finally {
    await phone.close();
  }
  return s;
}

async function startIperfServer(lab: NetnsLab, addr: string, port: number): Promise<void> {
  const child = lab.spawn(lab.serverNs, 'iperf3', ['-s', '-B', addr, '-p', String(port), '--forceflush']);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`iperf3 server on ${addr}:${port} did not start: ${out}`)), 5000);
    child.stdout?.on('data', (d) => { out += d; if (out.includes('Server listening')) { clearTimeout(timer); resolve(); } });
    child.stderr?.on('data', (d) => { out += d; });
    child.once('exit', () => { clearTimeout(timer); reject(new Error(`iperf3 server exited: ${out}`)); });
  });
}

// ---------------------------------------------------------------- report

interface Row { key: string; label: string; unit: string; digits: number }

const ROWS: Row[] = [
  { key: 'plain.tcp_up_mbps', label: 'A plain veth: TCP', unit: 'Mbit/s', digits: 0 },
  { key: 'plain.ping_idle_ms', label: 'A plain veth: ping', unit: 'ms', digits: 3 },
];
for (const [c, name] of [['wggo', 'B wireguard-go'], ['portable', 'C HarmonyWG portable'], ['node', 'D HarmonyWG node'], ['polling', 'E HarmonyWG polling'], ['worker', 'F HarmonyWG portable, worker always']]) {
  ROWS.push(
    { key: `${c}.tcp_up_mbps`, label: `${name}: TCP up (phone→server)`, unit: 'Mbit/s', digits: 0 },
    { key: `${c}.tcp_down_mbps`, label: `${name}: TCP down (server→phone)`, unit: 'Mbit/s', digits: 0 },
    { key: `${c}.ping_idle_ms`, label: `${name}: ping idle (1/s)`, unit: 'ms', digits: 3 },
    { key: `${c}.ping_load_ms`, label: `${name}: ping under upload load`, unit: 'ms', digits: 2 },
    { key: `${c}.ping_load_loss_pct`, label: `${name}: ping loss under load`, unit: '%', digits: 0 },
    { key: `${c}.handshake_ms`, label: c === 'wggo' ? `${name}: iface up → first reply` : `${name}: Start → handshake`, unit: 'ms', digits: 0 },
    { key: `${c}.cpu_s_per_gb`, label: `${name}: tunnel process CPU per GB`, unit: 'CPU s/GB', digits: 1 },
    { key: `${c}.rss_peak_mb`, label: `${name}: tunnel process peak RSS`, unit: 'MB', digits: 1 },
    { key: `${c}.threads_load`, label: `${name}: tunnel process threads (under load)`, unit: '', digits: 0 },
    { key: `${c}.busiest_thread_up_pct`, label: `${name}: busiest thread's CPU during the upload`, unit: '% core', digits: 0 },
    { key: `${c}.busiest_thread_down_pct`, label: `${name}: busiest thread's CPU during the download`, unit: '% core', digits: 0 },
    { key: `${c}.machine_idle_up_pct`, label: `${name}: machine CPU left idle during the upload`, unit: '%', digits: 0 },
    { key: `${c}.machine_idle_down_pct`, label: `${name}: machine CPU left idle during the download`, unit: '%', digits: 0 },
    { key: `${c}.idle_wake_rtt_ms`, label: `${name}: ping after 10 s of silence`, unit: 'ms', digits: 2 },
    { key: `${c}.idle_wakeups_per_s`, label: `${name}: idle wake-ups (context switches, all threads)`, unit: '1/s', digits: 2 },
    { key: `${c}.idle_cpu_pct`, label: `${name}: idle CPU over ${IDLE_S} s (% of one core)`, unit: '%', digits: 2 },
  );
  if (c !== 'wggo') ROWS.push({ key: `${c}.fork_to_handshake_ms`, label: `${name}: VPN process fork → handshake`, unit: 'ms', digits: 0 });
}
ROWS.push(
  { key: 'deep.deep_idle_wakeups_per_s', label: 'deep idle: tunnel process context switches', unit: '1/s', digits: 0 },
  { key: 'deep.deep_idle_cpu_pct', label: `deep idle (>60 s): tunnel CPU over ${IDLE_S} s`, unit: '%', digits: 2 },
  { key: 'deep.deep_idle_wake_rtt_ms', label: 'deep idle: ping after >90 s of silence', unit: 'ms', digits: 2 },
  { key: 'ratio.ours_portable_vs_wggo', label: 'ratio portable / wireguard-go (TCP, up+down)', unit: '×', digits: 2 },
  { key: 'ratio.ours_node_vs_wggo', label: 'ratio node / wireguard-go (TCP, up+down)', unit: '×', digits: 2 },
  { key: 'ratio.ours_polling_vs_wggo', label: 'ratio polling / wireguard-go (TCP, up+down)', unit: '×', digits: 2 },
  { key: 'ratio.ours_worker_vs_wggo', label: 'ratio portable, worker always / wireguard-go (TCP, up+down)', unit: '×', digits: 2 },
  { key: 'ratio.ours_worker_vs_portable', label: 'ratio portable, worker always / portable (TCP, up+down)', unit: '×', digits: 2 },
  { key: 'ratio.wggo_vs_plain', label: 'ratio wireguard-go / plain veth (TCP up)', unit: '×', digits: 3 },
);

function fmt(x: number, d: number): string { return Number.isFinite(x) ? x.toFixed(d) : '—'; }

async function main(): Promise<void> {
  if (process.getuid && process.getuid() !== 0) throw new Error('run as root (network namespaces and TUN devices are needed)');
  const samples = new Map<string, number[]>();
  const add = (prefix: string, s: Sample): void => {
    for (const [k, v] of Object.entries(s)) {
      const key = `${prefix}.${k}`;
      if (!samples.has(key)) samples.set(key, []);
      samples.get(key)!.push(v);
    }
  };
  const failures: string[] = [];
  const t0 = Date.now();
  let lab: NetnsLab | null = null;
  try {
    lab = await NetnsLab.create();
    const l = lab;
    await l.startWireguard();
    await startIperfServer(l, l.serverAddr4, IPERF_PORT_VETH);
    await startIperfServer(l, l.wg!.tunnelAddr4, IPERF_PORT_TUN);
    if (PROFILE_DIR) fs.mkdirSync(PROFILE_DIR, { recursive: true });
    progress(`bench: ${ROUNDS} rounds of ${ONLY.join(' ')}; iperf3 ${SECONDS} s per direction; machine ${machineKind()}`);
    for (let r = 1; r <= ROUNDS; r++) {
      const round: Record<string, Sample> = {};
      const contenders: [string, () => Promise<Sample>][] = [
        ['plain', () => benchPlain(l)],
        ['wggo', () => benchWgGo(l)],
        ['portable', () => benchOurs(l, 'portable', r)],
        ['node', () => benchOurs(l, 'node', r)],
        ['polling', () => benchOurs(l, 'polling', r)],
        ['worker', () => benchOurs(l, 'worker', r)],
      ];
      for (const [name, f] of contenders) {
        if (!ONLY.includes(name)) continue;
        const c0 = Date.now();
        try {
          const s = await f();
          round[name] = s;
          add(name, s);
          progress(`round ${r} ${name.padEnd(8)} ${((Date.now() - c0) / 1000).toFixed(0).padStart(3)} s  ` +
            Object.entries(s).map(([k, v]) => `${k}=${fmt(v, v >= 100 ? 0 : 2)}`).join(' '));
        } catch (e: any) {
          failures.push(`round ${r} ${name}: ${e.message || e}`);
          progress(`round ${r} ${name}: FAILED ${e.message || e}`);
        }
      }
      const w = round.wggo;
      const both = (s: Sample | undefined): number => (s ? s.tcp_up_mbps + s.tcp_down_mbps : NaN);
      if (w && round.portable) add('ratio', { ours_portable_vs_wggo: both(round.portable) / both(w) });
      if (w && round.node) add('ratio', { ours_node_vs_wggo: both(round.node) / both(w) });
      if (w && round.polling) add('ratio', { ours_polling_vs_wggo: both(round.polling) / both(w) });
      if (w && round.worker) add('ratio', { ours_worker_vs_wggo: both(round.worker) / both(w) });
      if (round.portable && round.worker) add('ratio', { ours_worker_vs_portable: both(round.worker) / both(round.portable) });
      if (w && round.portable) add('ratio', { ours_portable_vs_wggo_up: round.portable.tcp_up_mbps / w.tcp_up_mbps, ours_portable_vs_wggo_down: round.portable.tcp_down_mbps / w.tcp_down_mbps });
      if (w && round.node) add('ratio', { ours_node_vs_wggo_up: round.node.tcp_up_mbps / w.tcp_up_mbps, ours_node_vs_wggo_down: round.node.tcp_down_mbps / w.tcp_down_mbps });
      if (w && round.plain) add('ratio', { wggo_vs_plain: w.tcp_up_mbps / round.plain.tcp_up_mbps });
    }
    if (DEEP_IDLE) {
      try { add('deep', await benchDeepIdle(l)); } catch (e: any) { failures.push(`deep idle: ${e.message || e}`); }
    }
  } finally {
    if (lab !== null) await lab.close();
  }

  const w1 = Math.max(...ROWS.map((r) => r.label.length));
  const lines: string[] = [];
  lines.push(`${'figure'.padEnd(w1)}  ${'unit'.padEnd(8)} ${'min'.padStart(9)} ${'median'.padStart(9)} ${'max'.padStart(9)}  n`);
  for (const row of ROWS) {
    const v = samples.get(row.key);
    if (!v || v.length === 0) continue;
    const fin = v.filter((x) => Number.isFinite(x));
    lines.push(`${row.label.padEnd(w1)}  ${row.unit.padEnd(8)} ${fmt(Math.min(...fin), row.digits).padStart(9)} ` +
      `${fmt(median(v), row.digits).padStart(9)} ${fmt(Math.max(...fin), row.digits).padStart(9)}  ${fin.length}`);
  }
  progress('');
  progress(lines.join('\n'));
  progress('');
  for (const f of failures) progress(`failed: ${f}`);

  const medians: Record<string, number> = {};
  for (const [k, v] of [...samples.entries()].sort()) {
    if (k.startsWith('ratio.')) continue;
    const m = median(v);
    medians[k] = Number(m.toFixed(4));
  }
  const ratio = (k: string): number | null => {
    const m = median(samples.get(`ratio.${k}`) ?? []);
    return Number.isFinite(m) ? Number(m.toFixed(3)) : null;
  };
  const fin = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);
  const bench = {
    date: new Date().toISOString(),
    machine: machineKind(),
    rounds: ROUNDS,
    iperf_seconds: SECONDS,
    duration_s: Math.round((Date.now() - t0) / 1000),
    medians,
    ratios: {
      ours_portable_vs_wggo: ratio('ours_portable_vs_wggo'),
      ours_portable_vs_wggo_up: ratio('ours_portable_vs_wggo_up'),
      ours_portable_vs_wggo_down: ratio('ours_portable_vs_wggo_down'),
      ours_node_vs_wggo: ratio('ours_node_vs_wggo'),
      ours_node_vs_wggo_up: ratio('ours_node_vs_wggo_up'),
      ours_node_vs_wggo_down: ratio('ours_node_vs_wggo_down'),
      ours_polling_vs_wggo: ratio('ours_polling_vs_wggo'),
      ours_worker_vs_wggo: ratio('ours_worker_vs_wggo'),
      ours_worker_vs_portable: ratio('ours_worker_vs_portable'),
      wggo_vs_plain: ratio('wggo_vs_plain'),
      idle_cpu_pct: fin(medians['portable.idle_cpu_pct']),
      idle_wake_rtt_ms: fin(medians['portable.idle_wake_rtt_ms']),
      idle_wakeups_per_s: fin(medians['portable.idle_wakeups_per_s']),
    },
    idle_wakeups_per_s: {
      wggo: fin(medians['wggo.idle_wakeups_per_s']),
      portable: fin(medians['portable.idle_wakeups_per_s']),
      node: fin(medians['node.idle_wakeups_per_s']),
      polling: fin(medians['polling.idle_wakeups_per_s']),
      worker: fin(medians['worker.idle_wakeups_per_s']),
    },
    data_paths: dataPaths,
    sealing: sealingThreads,
    failures: failures.length,
  };
  progress(`BENCH ${JSON.stringify(bench)}`);
  const missing = ONLY.filter((c) => ![...samples.keys()].some((k) => k.startsWith(`${c}.`)));
  if (missing.length > 0) throw new Error(`no figures for ${missing.join(', ')}`);
}

function machineKind(): string {
  let osName = os.type();
  try { const m = /PRETTY_NAME="([^"]+)"/.exec(fs.readFileSync('/etc/os-release', 'utf8')); if (m) osName = m[1]; } catch { /* none */ }
  const cpu = os.cpus()[0]?.model ?? 'cpu';
  return `${os.cpus().length} vCPU ${cpu}, ${osName}, kernel ${os.release()}, Node ${process.version}`;
}

main().catch((e) => {
  process.stderr.write(`bench: FAILED — ${e && e.message || e}\n`);
  process.exit(1);
});
