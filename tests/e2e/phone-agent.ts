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
import { createHostContext } from '../host/app';
import { MainUiState, MainViewModel } from '../../entry/src/main/ets/viewmodel/MainViewModel';
import { SystemVpnControl } from '../../entry/src/main/ets/viewmodel/SystemVpnControl';
import { ResourceTexts } from '../../entry/src/main/ets/viewmodel/ResourceTexts';
import { SystemBackgroundKeeper } from '../../entry/src/main/ets/viewmodel/BackgroundKeeper';
import { StatusFile } from '../../entry/src/main/ets/store/StatusFile';

const ctx = createHostContext();
const vm = new MainViewModel(ctx.filesDir, new SystemVpnControl(), new ResourceTexts(ctx.resourceManager), () => Date.now(),
  new SystemBackgroundKeeper(ctx));
let ui: MainUiState = vm.current();
vm.setListener((s) => { ui = s; });
// The page refreshes every second while visible; so does the agent.
const refresher = setInterval(() => vm.refresh(), 1000);

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

async function get(url: string, timeoutMs: number): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const r = await axios.get(url, { responseType: 'arraybuffer', timeout: timeoutMs, proxy: false, validateStatus: () => true });
  const body = Buffer.from(r.data as ArrayBuffer);
  return { status: r.status, bytes: body.length, sha256: crypto.createHash('sha256').update(body).digest('hex'), ms: performance.now() - t0 };
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
    case 'status': { const s = new StatusFile(ctx.filesDir).read(); return s === null ? null : JSON.parse(s.toJson()); }
    case 'get': return get(m.url, m.timeoutMs ?? 20000);
    case 'ping': return ping(m.host, m.count ?? 3, m.interval ?? 0.2, m.deadline ?? 10);
    case 'fds': return fs.readdirSync('/proc/self/fd').length;
    case 'exit': clearInterval(refresher); setTimeout(() => process.exit(0), 10); return null;
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
rl.on('close', () => { clearInterval(refresher); vm.stop().finally(() => process.exit(0)); });
process.stdout.write('READY\n');
