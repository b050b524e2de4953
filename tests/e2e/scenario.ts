/**
 * Shared pieces of the end-to-end suites of issue 4 (tests/e2e/tunnel-*.test.ts): a lab with
 * wireguard-go, the HTTP server and the phone agent; bounded waits; checks of what a run leaves behind
 * in the phone namespace. Everything goes through the real app path (agent → MainViewModel →
 * startVpnExtensionAbility → the VPN ability process → TunnelSession → engine).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { execFile } from 'node:child_process';
import { NetnsLab, LabHttpServer, WgOptions, WgServer, deterministicBytes } from './netns';
import { Phone } from './phone';

/** A lab with wireguard-go, the HTTP server and a phone agent (no tunnel imported yet). */
export interface Scene { lab: NetnsLab; wg: WgServer; http: LabHttpServer; phone: Phone }

/** Prints one measurement line of a suite (the runner shows stdout). */
export function note(s: string): void { process.stdout.write(`      ${s}\n`); }

export function sleep(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms)); }

/**
 * How long a test waits for an event whose goal is `goalMs`: 5× the goal or the goal + 5 s, whichever
 * is larger (the project's rule: wait for the event with a generous limit, print the measured figure).
 */
export function limitFor(goalMs: number): number { return Math.max(5 * goalMs, goalMs + 5000); }

/**
 * Polls the VPN process's status.json (agent `status`, every 100 ms) until `ok` holds; returns that
 * status and the ms it took. Throws after `limitMs` naming `what` and the last status seen.
 */
export async function statusWhen(phone: Phone, what: string, ok: (s: Record<string, any>) => boolean, limitMs: number): Promise<{ status: Record<string, any>; ms: number }> {
  const t0 = performance.now();
  let last: Record<string, any> | null = null;
  for (;;) {
    last = await phone.call('status');
    if (last !== null && ok(last)) return { status: last, ms: performance.now() - t0 };
    if (performance.now() - t0 > limitMs) throw new Error(`status: no ${what} within ${limitMs} ms; last ${JSON.stringify(last)}`);
    await sleep(100);
  }
}

/** sha256 (hex) of the lab HTTP server's body for `GET /<n>`. */
export function expectedSha(n: number): string {
  return crypto.createHash('sha256').update(deterministicBytes(n)).digest('hex');
}

/**
 * Builds a scene, runs `f`, and always closes the phone and the lab (also on failure). `prepare`
 * runs on the new lab before anything is started in it (e.g. lab.usePhoneResolver()).
 */
export async function withScene<T>(f: (s: Scene) => Promise<T>, wgOpts: WgOptions = {}, env: Record<string, string> = {},
  prepare: (lab: NetnsLab) => void = () => {}): Promise<T> {
  const lab = await NetnsLab.create();
  let phone: Phone | null = null;
  try {
    prepare(lab);
    const wg = await lab.startWireguard(wgOpts);
    const http = await lab.startHttpServer();
    phone = await Phone.launch(lab, env);
    boundCalls(phone);
    return await f({ lab, wg, http, phone });
  } catch (e: any) {
    if (phone !== null && process.env.HARMONYWG_E2E_VERBOSE === undefined) {
      const tail = phone.stderr.trim().split('\n').slice(-15).join('\n');
      if (tail !== '') e.message = `${e.message}\n--- phone stderr (tail) ---\n${tail}`;
    }
    throw e;
  } finally {
    if (phone !== null) await phone.close();
    await lab.close();
  }
}

/**
 * Makes every agent command of `phone` fail with a clear message when no answer comes in time:
 * the command's own limit (timeoutMs, or the ping deadline) plus 10 s, else 30 s.
 */
function boundCalls(phone: Phone): void {
  const call = phone.call.bind(phone);
  phone.call = <T = any>(cmd: string, args: Record<string, unknown> = {}): Promise<T> => {
    const own = typeof args.timeoutMs === 'number' ? args.timeoutMs : typeof args.deadline === 'number' ? args.deadline * 1000 : 20000;
    const limit = own + 10000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`phone agent: no answer to "${cmd}" within ${limit} ms`)), limit);
    });
    return Promise.race([call<T>(cmd, args), late]).finally(() => clearTimeout(timer));
  };
}

/** Runs `cmd args` in namespace `ns` without blocking the event loop; never rejects. */
export function execNs(ns: string, cmd: string, args: string[], timeoutMs = 30000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('ip', ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Presses Start and waits for CONNECTED; returns ms from Start to CONNECTED. Throws with the UI state. */
export async function startConnected(phone: Phone, timeoutMs = 15000): Promise<number> {
  const t0 = performance.now();
  const started = await phone.call('start');
  if (started.state === 'FAILED') throw new Error(`Start failed: ${started.problem} ${started.problemText}`);
  await phone.call('waitFor', { states: ['CONNECTED'], timeoutMs });
  const ms = performance.now() - t0;
  const st = await phone.call('status');
  // Every suite runs on the data path the phone was launched for (NATIVE_WAIT, or the forced fallback).
  if (st.dataPath !== phone.expectedDataPath) throw new Error(`data path ${st.dataPath}, expected ${phone.expectedDataPath}`);
  return ms;
}

/** Presses Stop and waits for STOPPED (bounded). */
export async function stopStopped(phone: Phone, timeoutMs = 10000): Promise<Record<string, any>> {
  await phone.call('stop');
  return phone.call('waitFor', { states: ['STOPPED'], timeoutMs });
}

/** GET `url` in the phone and checks status, length and sha256 against deterministicBytes(n). */
export async function verifiedGet(phone: Phone, url: string, n: number, timeoutMs = 20000): Promise<{ ms: number }> {
  const got = await phone.call('get', { url: `${url}/${n}`, timeoutMs });
  const want = expectedSha(n);
  if (got.status !== 200 || got.bytes !== n || got.sha256 !== want) {
    throw new Error(`GET ${url}/${n}: status ${got.status}, ${got.bytes} bytes, sha256 ${got.sha256} (expected 200, ${n} bytes, ${want})`);
  }
  return { ms: got.ms };
}

/** POSTs deterministicBytes(n) from the phone to the lab server's `/sha256`; throws unless the server got exactly those bytes. */
export async function verifiedPost(phone: Phone, url: string, n: number, timeoutMs = 20000): Promise<{ ms: number }> {
  const got = await phone.call('post', { url: `${url}/sha256`, bytes: n, timeoutMs });
  const want = expectedSha(n);
  if (got.status !== 200 || got.bytes !== n || got.sha256 !== want) {
    throw new Error(`POST ${url}/sha256: status ${got.status}, server got ${got.bytes} bytes, sha256 ${got.sha256} (expected 200, ${n} bytes, ${want})`);
  }
  return { ms: got.ms };
}

/** Pings `host` from the phone; throws unless every reply came back. Returns the RTTs (ms). */
export async function pingAll(phone: Phone, host: string, count = 3): Promise<number[]> {
  const r = await phone.call('ping', { host, count, interval: 0.2, deadline: 10 });
  if (r.received !== count) throw new Error(`ping ${host}: ${r.received}/${r.sent} replies ${r.error}`);
  return r.rtts;
}

/**
 * Pings `host` from the phone once a second (1 s deadline each) until a reply comes; returns ms from
 * `sinceMs` (performance.now()) to the first reply. Throws after `timeoutMs`.
 */
export async function pingUntilReply(phone: Phone, host: string, sinceMs: number, timeoutMs: number): Promise<{ ms: number; attempts: number }> {
  const until = performance.now() + timeoutMs;
  let attempts = 0;
  for (;;) {
    attempts++;
    const r = await phone.call('ping', { host, count: 1, interval: 0.2, deadline: 1 });
    if (r.received > 0) return { ms: performance.now() - sinceMs, attempts };
    if (performance.now() > until) {
      const ui = await phone.call('ui');
      throw new Error(`no ping reply from ${host} within ${timeoutMs} ms (${attempts} attempts); state ${ui.state} ${ui.problemText}`);
    }
  }
}

/** A process: PID and its command name (/proc/<pid>/comm) and command line. */
export interface Proc { pid: number; comm: string; cmdline: string }

/** The processes whose parent is `ppid` (from /proc/<pid>/stat). */
export function childProcs(ppid: number): Proc[] {
  const out: Proc[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      // pid (comm) state ppid ... — comm may contain spaces and parentheses: split after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[1]) !== ppid) continue;
      const comm = fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim();
      const cmdline = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.push({ pid: Number(d), comm, cmdline });
    } catch { /* gone */ }
  }
  return out;
}

/**
 * The phone agent's child processes other than the esbuild service (which the host runtime keeps for
 * bundling the ability on each start): the VPN ability process, and anything leaked (pings, …).
 */
export function agentChildren(phonePid: number): Proc[] {
  return childProcs(phonePid).filter((p) => p.comm !== 'esbuild');
}

/** The threads of process `pid`: their names (/proc/PID/task/TID/comm); [] when it is gone. */
export function threadNames(pid: number): string[] {
  const out: string[] = [];
  let tids: string[] = [];
  try { tids = fs.readdirSync(`/proc/${pid}/task`); } catch { return out; }
  for (const t of tids) {
    try { out.push(fs.readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim()); } catch { /* ended meanwhile */ }
  }
  return out;
}

/** `ip -4 rule` + `ip -6 rule` in the phone namespace (the routing policy a run must restore). */
export function phoneRules(lab: NetnsLab): string {
  return lab.exec(lab.phoneNs, 'ip', ['-4', 'rule', 'show']) + lab.exec(lab.phoneNs, 'ip', ['-6', 'rule', 'show']);
}

/** True when the phone namespace has a `vpn-tun` link. */
export function hasTun(lab: NetnsLab): boolean {
  return lab.exec(lab.phoneNs, 'ip', ['-o', 'link', 'show']).includes('vpn-tun');
}

/** The phone's tunnel config with `edit` applied to its lines (e.g. replacing AllowedIPs). */
export function editConfig(text: string, edit: (line: string) => string | null): string {
  return text.split('\n').map(edit).filter((l) => l !== null).join('\n');
}
