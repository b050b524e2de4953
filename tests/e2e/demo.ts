/**
 * The main job, end to end on Linux: a "phone" and a "server" network namespace joined by a veth pair;
 * wireguard-go and a small HTTP server in "server"; in "phone" the app's UI process (the real
 * MainViewModel) presses Start exactly as the page does, the VPN ability comes up in its own process
 * through the host runtime, traffic crosses the tunnel, and Stop tears it all down.
 * Prints what a person would see; exits non-zero with the reason if any step fails.
 *
 * Usage (root): npm run demo [-- --bytes N] [-- --crypto node]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NetnsLab, deterministicBytes } from './netns';
import { Phone } from './phone';
import { declaredSecrets, scanOutputs, SCAN_DIR_ENV } from '../tools/secret-scan.mjs';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

const bytes = Number(arg('bytes', String(1024 * 1024)));
const cryptoVariant = arg('crypto', 'portable');

/** The secret scan's directory: the run's (npm test) or the demo's own; every key and output goes there. */
const ownScanDir = process.env[SCAN_DIR_ENV] === undefined;
const scanDir = process.env[SCAN_DIR_ENV] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-demo-scan-'));
process.env[SCAN_DIR_ENV] = scanDir;
const printed: string[] = [];

function say(s: string): void { printed.push(s); process.stdout.write(s + '\n'); }

async function step<T>(what: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e: any) {
    throw new Error(`${what}: ${e && e.message || e}`);
  }
}

async function main(): Promise<void> {
  if (process.getuid && process.getuid() !== 0) throw new Error('run as root (network namespaces and a TUN device are needed)');
  let lab: NetnsLab | null = null;
  let phone: Phone | null = null;
  try {
    lab = await step('create the phone and server namespaces', () => NetnsLab.create());
    const l = lab;
    say(`namespaces: ${l.phoneNs} (phone ${l.phoneAddr4}) <-veth-> ${l.serverNs} (server ${l.serverAddr4})`);
    const wg = await step('start wireguard-go in the server namespace', () => l.startWireguard());
    say(`server: wireguard-go ${wg.iface} pid ${wg.pid}, tunnel ${wg.tunnelAddr4} / ${wg.tunnelAddr6}, endpoint ${wg.endpoint}`);
    const http = await step('start the HTTP server', () => l.startHttpServer());
    phone = await step('start the app (UI process) in the phone namespace',
      () => Phone.launch(l, { HARMONYWG_CRYPTO: cryptoVariant === 'node' ? 'node' : 'portable' }));
    const p = phone;
    await step('import the tunnel', () => p.importTunnel('demo', l.clientConfig()));
    const confText = fs.readFileSync(path.join(p.filesDir, 'tunnels', 'demo.conf'), 'utf8');
    if (confText.includes(wg.clientPrivateKey) || (wg.presharedKey !== '' && confText.includes(wg.presharedKey))) {
      throw new Error('the saved tunnel file holds a key');
    }
    say('phone: tunnel "demo" imported (full tunnel 0.0.0.0/0, ::/0; its keys in the Asset Store, the file holds references), pressing Start');
    const t0 = performance.now();
    const started = await step('press Start', () => p.call('start'));
    if (started.state === 'FAILED') throw new Error(`Start failed: ${started.problemText}`);
    const connected = await step('wait for the handshake', () => p.call('waitFor', { states: ['CONNECTED'], timeoutMs: 20000 }));
    const handshakeMs = performance.now() - t0;
    say(`phone: ${connected.stateText} after ${handshakeMs.toFixed(0)} ms (Start to handshake)`);
    say(`server: ${l.wgShow('latest-handshakes').trim()}`);

    const expected = crypto.createHash('sha256').update(deterministicBytes(bytes)).digest('hex');
    const got = await step('fetch the page through the tunnel', () => p.call('get', { url: `${http.url}/${bytes}` }));
    if (got.status !== 200 || got.bytes !== bytes || got.sha256 !== expected) {
      throw new Error(`fetched page is wrong: status ${got.status}, ${got.bytes} bytes, sha256 ${got.sha256} (expected ${bytes} bytes, ${expected})`);
    }
    say(`phone: GET ${http.url}/${bytes} -> ${got.status}, ${got.bytes} bytes, sha256 ${got.sha256} (verified) in ${got.ms.toFixed(0)} ms ` +
      `(${(got.bytes * 8 / got.ms / 1000).toFixed(1)} Mbit/s)`);
    const pinged = await step('ping the server through the tunnel', () => p.call('ping', { host: wg.tunnelAddr4, count: 5, interval: 0.2 }));
    if (!pinged.ok) throw new Error(`ping ${wg.tunnelAddr4}: ${pinged.received}/${pinged.sent} replies ${pinged.error}`);
    const rtts: number[] = pinged.rtts;
    say(`phone: ping ${wg.tunnelAddr4}: ${pinged.received}/${pinged.sent} replies, RTT min/avg/max ` +
      `${Math.min(...rtts).toFixed(3)}/${(rtts.reduce((a, b) => a + b, 0) / rtts.length).toFixed(3)}/${Math.max(...rtts).toFixed(3)} ms`);

    await new Promise((r) => setTimeout(r, 1100));
    const ui = await p.call('ui');
    const st = await p.call('status');
    say('');
    say('What the page shows:');
    say(`  Tunnel            ${ui.selectedTunnel}`);
    say(`  State             ${ui.stateText}`);
    say(`  Latest handshake  ${ui.latestHandshakeText}`);
    say(`  Received          ${ui.rxText}   Sent ${ui.txText}`);
    say(`  (status.json: rx ${st.rxBytes} B / ${st.rxPackets} packets, tx ${st.txBytes} B / ${st.txPackets} packets, ` +
      `socket protection ${st.socketProtection}, drops ${JSON.stringify(st.drops)})`);
    say('');

    const stopped = await step('press Stop', async () => { await p.call('stop'); return p.call('waitFor', { states: ['STOPPED'], timeoutMs: 10000 }); });
    say(`phone: Stop -> ${stopped.stateText}`);
    const links = l.exec(l.phoneNs, 'ip', ['-o', 'link', 'show']);
    if (links.includes('vpn-tun')) throw new Error('vpn-tun still exists after Stop');
    say('phone: vpn-tun removed');
  } finally {
    if (phone !== null) await phone.close();
    if (lab !== null) await lab.close();
  }
  const scan = scanOutputs(scanDir, declaredSecrets(scanDir), [{ name: 'demo stdout', text: printed.join('\n') }]);
  if (ownScanDir) fs.rmSync(scanDir, { recursive: true, force: true });
  if (scan.hits.length > 0) {
    throw new Error(`secret scan: ${scan.hits.map((h) => `${h.output} holds the key ${h.key} (${h.form})`).join('; ')}`);
  }
  say(`demo: secret scan: none of the ${scan.keys} keys in the ${scan.outputs} outputs (${scan.bytes} bytes: this page, the UI and VPN processes)`);
  say('demo: OK — all steps passed, everything created was removed');
}

main().catch((e) => {
  process.stderr.write(`demo: FAILED — ${e && e.message || e}\n`);
  process.exit(1);
});
