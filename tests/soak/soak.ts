/**
 * Long run of the tunnel (issue 12 item 4): `npm run soak -- --minutes N` (default 10; fractions
 * allowed; `--sample-seconds S`, default 10; `--min-cycles C`: go on past the time until C cycles ran). Through the real app path (phone agent → VPN ability
 * process → engine) against wireguard-go, in cycles of mixed traffic:
 *   burst (3 verified 1 MiB downloads + 20 fast pings) → idle 11 s (past KEEPALIVE_TIMEOUT) → the boot
 *   clock moves 130 s (an idle gap past REKEY_AFTER_TIME, without waiting for it) → burst → every
 *   other cycle a server restart (wireguard-go killed and started again, 1 s down), else a network
 *   change (the default route moves between the "wifi" and "cell" uplinks).
 * Every sample prints the VPN process's RSS, fd count and active timer count (HARMONYWG_DIAG_FILE,
 * tests/host/ability-process.ts) and the engine's drops; the last line is `SOAK {json}` with the
 * figures after the warm-up (the first minute, or the first quarter of a shorter run): RSS first/last/
 * max and growth in %, fds and timers min/max, drops, cycles, handshakes, downloads retried on a new
 * connection, failed steps.
 * Exits 1 when a traffic step failed (the SOAK line is printed anyway), 2 on a setup error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setBootClockOffset } from '../host/runtime';
import { SERVER_PUBLIC_ADDR } from '../e2e/netns';
import { Scene, editConfig, note, pingUntilReply, sleep, startConnected, stopStopped, verifiedGet, withScene } from '../e2e/scenario';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

const MINUTES = Number(arg('minutes', '10'));
const SAMPLE_MS = Number(arg('sample-seconds', '10')) * 1000;
const MIN_CYCLES = Number(arg('min-cycles', '0'));
const REKEY_GAP_MS = 130000;

interface Sample { t: number; rssKb: number; fds: number; timers: number; drops: number; handshakeMs: number }

async function main(): Promise<number> {
  if (!(MINUTES > 0)) throw new Error('--minutes must be a positive number');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-soak-'));
  const offsetFile = path.join(dir, 'boot-clock-offset');
  const diagFile = path.join(dir, 'diag.json');
  setBootClockOffset(offsetFile, 0);
  const samples: Sample[] = [];
  const failures: string[] = [];
  let cycles = 0;
  let handshakes = 0;
  let retries = 0;
  try {
    await withScene(async ({ lab, wg, http, phone }: Scene) => {
      lab.addUplink('wifi', 1);
      lab.addUplink('cell', 2);
      lab.exec(lab.phoneNs, 'ip', ['route', 'replace', 'default', 'via', '198.18.1.2', 'dev', 'wifi']);
      let onWifi = true;
      const conf = editConfig(lab.clientConfig(), (l) => (l.startsWith('Endpoint') ? `Endpoint = ${SERVER_PUBLIC_ADDR}:${wg.listenPort}` : l));
      await phone.importTunnel('soak', conf);
      await startConnected(phone);
      const t0 = performance.now();
      const end = t0 + MINUTES * 60000;
      let offset = 0;
      let lastHandshake = 0;
      let nextSample = t0;
      const sample = async (): Promise<void> => {
        const st = await phone.call('status');
        let diag: Record<string, number> = { rssKb: 0, fds: 0, timers: 0 };
        try { diag = JSON.parse(fs.readFileSync(diagFile, 'utf8')); } catch { /* not yet */ }
        const drops = (st.drops as Array<Record<string, number>>).reduce((a, d) => a + d.count, 0);
        if (st.latestHandshakeMs !== lastHandshake) { handshakes++; lastHandshake = st.latestHandshakeMs; }
        const s: Sample = { t: (performance.now() - t0) / 1000, rssKb: diag.rssKb, fds: diag.fds, timers: diag.timers, drops, handshakeMs: st.latestHandshakeMs };
        samples.push(s);
        note(`t=${s.t.toFixed(0)}s rss=${(s.rssKb / 1024).toFixed(1)} MiB fds=${s.fds} timers=${s.timers} drops=${drops} state=${st.state} cycles=${cycles}`);
      };
      const maybeSample = async (): Promise<void> => {
        if (performance.now() >= nextSample) { nextSample += SAMPLE_MS; await sample(); }
      };
      const attempt = async (what: string, f: () => Promise<unknown>): Promise<void> => {
        try { await f(); } catch (e: any) { failures.push(`cycle ${cycles} ${what}: ${e && e.message || e}`); note(`FAILED ${what}: ${e && e.message || e}`); }
      };
      // A download that finds its kept-alive connection gone (the server closed it while the tunnel was
      // down: "socket hang up" / ECONNRESET) is tried once more on a new connection, as a browser does.
      const download = async (n: number): Promise<void> => {
        try {
          await verifiedGet(phone, http.url, n, 20000);
        } catch (e: any) {
          if (!/socket hang up|ECONNRESET/.test(String(e && e.message))) throw e;
          retries++;
          await verifiedGet(phone, http.url, n, 20000);
        }
      };
      const burst = async (): Promise<void> => {
        for (let i = 0; i < 3; i++) await attempt('download', () => download(1024 * 1024));
        await attempt('ping', async () => {
          const r = await phone.call('ping', { host: wg.tunnelAddr4, count: 20, interval: 0.05, deadline: 10 });
          if (r.received < 15) throw new Error(`${r.received}/20 ping replies`);
        });
      };
      const idle = async (ms: number): Promise<void> => {
        const until = performance.now() + ms;
        while (performance.now() < until) { await maybeSample(); await sleep(Math.min(500, Math.max(0, until - performance.now()))); }
      };
      await sample();
      while (performance.now() < end || cycles < MIN_CYCLES) {
        await burst();
        await maybeSample();
        await idle(11000);
        offset += REKEY_GAP_MS;
        setBootClockOffset(offsetFile, offset);
        await idle(500);
        await burst();
        if (cycles % 2 === 0) {
          await attempt('server restart', () => lab.restartWireguard(1000));
        } else {
          onWifi = !onWifi;
          lab.exec(lab.phoneNs, 'ip', ['route', 'replace', 'default', 'via', onWifi ? '198.18.1.2' : '198.18.2.2', 'dev', onWifi ? 'wifi' : 'cell']);
        }
        // Recovery from either: a ping answered through the tunnel, then a download.
        await attempt('recovery', async () => {
          await pingUntilReply(phone, wg.tunnelAddr4, performance.now(), 30000);
          await download(65536);
        });
        cycles++;
        await maybeSample();
      }
      await sample();
      await stopStopped(phone);
    }, {}, { HARMONYWG_BOOT_CLOCK_OFFSET_FILE: offsetFile, HARMONYWG_DIAG_FILE: diagFile });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const warmupS = Math.min(60, (samples.length > 0 ? samples[samples.length - 1].t : 0) / 4);
  const after = samples.filter((s) => s.t >= warmupS && s.rssKb > 0);
  const rss = after.map((s) => s.rssKb);
  const fds = after.map((s) => s.fds);
  const timers = after.map((s) => s.timers);
  const first = rss.length > 0 ? rss[0] : 0;
  const last = rss.length > 0 ? rss[rss.length - 1] : 0;
  const result = {
    minutes: MINUTES, warmupSeconds: Math.round(warmupS), samples: samples.length, cycles, handshakes,
    rssFirstKb: first, rssLastKb: last, rssMaxKb: rss.length ? Math.max(...rss) : 0,
    rssGrowthPct: first > 0 ? Number((((last - first) / first) * 100).toFixed(2)) : 0,
    fdsMin: fds.length ? Math.min(...fds) : 0, fdsMax: fds.length ? Math.max(...fds) : 0,
    timersMin: timers.length ? Math.min(...timers) : 0, timersMax: timers.length ? Math.max(...timers) : 0,
    drops: samples.length ? samples[samples.length - 1].drops : 0,
    downloadRetries: retries,
    failures,
  };
  process.stdout.write(`SOAK ${JSON.stringify(result)}\n`);
  return failures.length === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => { process.stderr.write(`soak: ${e && e.stack || e}\n`); process.exit(2); });
