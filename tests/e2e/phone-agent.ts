/**
 * The "phone": the app's UI process as it runs on the device, driven from a test instead of a finger.
 * Runs inside the phone network namespace (see phone.ts) and builds the real MainViewModel with the
 * real SystemVpnControl (vpnExtension.startVpnExtensionAbility → the VPN ability in its own process) and
 * the real resource strings. It also does what the person's other apps would do over the tunnel:
 * fetch a page with axios (the HTTP client the app uses) and ping.
 *
 * Protocol: one JSON command per stdin line `{"id":N,"cmd":"...",...}`; one JSON answer per stdout
 * line `{"id":N,"ok":true,"result":...}` or `{"id":N,"ok":false,"error":"..."}`. First line: `READY`.
 */
import readline from 'node:readline';
import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import axios from 'axios';
import { deterministicBytes } from './netns';
import { createHostContext } from '../host/app';
import { MainUiState, MainViewModel } from '../../entry/src/main/ets/viewmodel/MainViewModel';
import { SystemVpnControl } from '../../entry/src/main/ets/viewmodel/SystemVpnControl';
import { ResourceTexts } from '../../entry/src/main/ets/viewmodel/ResourceTexts';
import { SystemBackgroundKeeper } from '../../entry/src/main/ets/viewmodel/BackgroundKeeper';
import { StatusFile } from '../../entry/src/main/ets/store/StatusFile';
import { StatusFileWatcher } from '../../entry/src/main/ets/store/StatusWatcher';
import { StatusFollower } from '../../entry/src/main/ets/viewmodel/StatusFollower';

const ctx = createHostContext();
const vm = new MainViewModel(ctx.filesDir, new SystemVpnControl(), new ResourceTexts(ctx.resourceManager), () => Date.now(),
  new SystemBackgroundKeeper(ctx));
let ui: MainUiState = vm.current();
/**
 * Each state change the page showed: when, and how long after the VPN process wrote the status it
 * came from (status.updatedMs, the VPN process's wall clock; -1 when it came from no status).
 */
const pushed: Array<{ state: string; atMs: number; afterWriteMs: number }> = [];
const statusFile = new StatusFile(ctx.filesDir);
vm.setListener((s) => {
  if (s.state !== ui.state) {
    const st = statusFile.read();
    const now = Date.now();
    pushed.push({ state: s.state, atMs: now, afterWriteMs: st !== null && st.state === s.state ? now - st.updatedMs : -1 });
  }
  ui = s;
});
// The page follows the status file while visible (a file watch plus the liveness tick); so does the agent.
// HARMONYWG_AGENT_TICK_MS overrides the tick (tests that prove the watch alone delivers set it high).
const follower = new StatusFollower(vm, new StatusFileWatcher(ctx.filesDir), Number(process.env.HARMONYWG_AGENT_TICK_MS ?? 2000));
fs.mkdirSync(ctx.filesDir, { recursive: true });
follower.start();
const refresher = { stop: () => follower.stop() };

function sleep(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms)); }

function uiJson(): Record<string, unknown> {
  return { ...ui };
}

async function waitFor(states: string[], timeoutMs: number): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    vm.refresh();
    if (states.includes(ui.state)) return uiJson();
    if (Date.now() > until) throw new Error(`state ${ui.state} (${ui.problemText}) after ${timeoutMs} ms; wanted ${states.join('|')}`);
    await sleep(100);
  }
}

/** Waits until the page shows one of `states` without reading the file itself (only what the follower delivers). */
async function waitForPushed(states: string[], sinceMs: number, timeoutMs: number): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const hit = pushed.find((p) => p.atMs >= sinceMs && states.includes(p.state));
    if (hit !== undefined) return { ...hit, watching: follower.isWatching() };
    if (Date.now() > until) throw new Error(`state ${ui.state} (${ui.problemText}) after ${timeoutMs} ms without a push; wanted ${states.join('|')}`);
    await sleep(5);
  }
}

async function get(url: string, timeoutMs: number): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const r = await axios.get(url, { responseType: 'arraybuffer', timeout: timeoutMs, proxy: false, validateStatus: () => true });
  const body = Buffer.from(r.data as ArrayBuffer);
  return { status: r.status, bytes: body.length, sha256: crypto.createHash('sha256').update(body).digest('hex'), ms: performance.now() - t0 };
}

/** POSTs deterministicBytes(n) to `url` (the lab server's /sha256); returns what the server counted and hashed. */
async function post(url: string, n: number, timeoutMs: number): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const r = await axios.post(url, deterministicBytes(n), { timeout: timeoutMs, proxy: false, responseType: 'text',
    headers: { 'content-type': 'application/octet-stream' }, maxBodyLength: Infinity, validateStatus: () => true });
  const parts = String(r.data).trim().split(' ');
  return { status: r.status, bytes: Number(parts[0]), sha256: parts[1] ?? '', ms: performance.now() - t0 };
}

function ping(host: string, count: number, intervalS: number, deadlineS: number): Promise<Record<string, unknown>> {
  const args = [...(host.includes(':') ? ['-6'] : []), '-n', '-c', String(count), '-i', String(intervalS), '-w', String(deadlineS), host];
  return new Promise((resolve) => {
    execFile('ping', args, { encoding: 'utf8' }, (err, stdout) => {
      const rtts = [...stdout.matchAll(/time=([\d.]+) ms/g)].map((m) => Number(m[1]));
      const error = err && (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'ping is not installed' : '';
      resolve({ received: rtts.length, sent: count, rtts, ok: !err && rtts.length > 0, error });
    });
  });
}

async function handle(m: any): Promise<unknown> {
  switch (m.cmd) {
    case 'save': vm.tunnelStore().save(m.name, m.text); return null;
    case 'load': await vm.load(); return uiJson();
    case 'select': vm.select(m.name); return uiJson();
    case 'start': await vm.start(); return uiJson();
    case 'stop': await vm.stop(); return uiJson();
    case 'ui': vm.refresh(); return uiJson();
    case 'waitFor': return waitFor(m.states, m.timeoutMs ?? 15000);
    case 'waitForPushed': return waitForPushed(m.states, m.sinceMs ?? 0, m.timeoutMs ?? 15000);
    case 'now': return Date.now();
    case 'status': { const s = new StatusFile(ctx.filesDir).read(); return s === null ? null : JSON.parse(s.toJson()); }
    case 'get': return get(m.url, m.timeoutMs ?? 20000);
    case 'post': return post(m.url, m.bytes, m.timeoutMs ?? 20000);
    case 'ping': return ping(m.host, m.count ?? 3, m.interval ?? 0.2, m.deadline ?? 10);
    case 'fds': return fs.readdirSync('/proc/self/fd').length;
    case 'exit': refresher.stop(); setTimeout(() => process.exit(0), 10); return null;
    default: throw new Error(`unknown command ${m.cmd}`);
  }
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let m: any;
  try { m = JSON.parse(line); } catch { return; }
  handle(m).then(
    (result) => process.stdout.write(JSON.stringify({ id: m.id, ok: true, result }) + '\n'),
    (e) => process.stdout.write(JSON.stringify({ id: m.id, ok: false, error: String(e && e.message || e) }) + '\n'));
});
rl.on('close', () => { refresher.stop(); vm.stop().finally(() => process.exit(0)); });
process.stdout.write('READY\n');
