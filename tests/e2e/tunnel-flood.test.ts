// hypium-timeout: 120000
/**
 * Issue 12 item 3 end to end: hostile traffic at the phone's WireGuard port during an upload. From
 * the server namespace, tests/e2e/flood.mjs sends 20,000 handshake initiations (valid format, no key
 * we know; half with a valid mac1 for the phone's public key) and 20,000 random datagrams over 10 s
 * while iperf3 uploads through the tunnel. What must hold: the upload keeps ≥ 50 % of its unflooded
 * throughput (printed), cookie replies are sent (the engine's count, and the flooder receives them),
 * the VPN process does not crash, and what arrived is accounted for: the kernel's count of datagrams
 * arriving at the port (an nftables counter in the phone namespace) equals the engine's
 * datagramsReceived plus the namespace's UDP RcvbufErrors (/proc/<pid>/net/snmp), and the flood's
 * drops by kind match what was sent of each kind up to those kernel drops.
 */
import { describe, it, expect } from '@ohos/hypium';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Scene, agentChildren, execNs, limitFor, note, sleep, startConnected, stopStopped, withScene } from './scenario';

const INITIATIONS = 20000;
const RANDOM = 20000;
const FLOOD_SECONDS = 10;
const FLOOD_SOURCE_PORT = 40000;
const IPERF_PORT = 5201;
/** Drop reasons flood datagrams end in (valid-mac1 initiations: DH failure before load, cookie after). */
const FLOOD_KINDS = ['BAD_MAC1', 'COOKIE_REQUIRED', 'HANDSHAKE_FAILED', 'RATE_LIMITED', 'LOW_ORDER_POINT', 'UNKNOWN_TYPE', 'UNKNOWN_INDEX', 'BAD_SIZE'];

function drop(status: Record<string, any>, reason: string): number {
  const d = (status.drops as Array<Record<string, any>>).find((x) => x.reason === reason);
  return d === undefined ? 0 : d.count;
}

/** UDP RcvbufErrors of the network namespace of process `pid` (/proc/<pid>/net/snmp, "Udp:" lines). */
function rcvbufErrors(pid: number): number {
  const lines = fs.readFileSync(`/proc/${pid}/net/snmp`, 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const names = lines[0].split(/\s+/);
  const values = lines[1].split(/\s+/);
  return Number(values[names.indexOf('RcvbufErrors')]);
}

/** Packets counted by the nftables rules of table `inet hwgflood` in the phone namespace, by comment. */
async function nftCounters(ns: string): Promise<Record<string, number>> {
  const r = await execNs(ns, 'nft', ['-j', 'list', 'table', 'inet', 'hwgflood']);
  if (r.code !== 0) throw new Error(`nft list: ${r.stderr}`);
  const out: Record<string, number> = {};
  for (const item of JSON.parse(r.stdout).nftables) {
    const rule = item.rule;
    if (rule === undefined) continue;
    const counter = rule.expr.find((e: Record<string, any>) => e.counter !== undefined);
    out[rule.comment] = counter.counter.packets;
  }
  return out;
}

/** An iperf3 upload from `ns`: the receiver's average and the sender's per-second figures (Mbit/s). */
/** CPU time (user + system, ms) of process `pid` so far (/proc/<pid>/stat fields 14 and 15, in clock ticks). */
function cpuMs(pid: number): number {
  const clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const rest = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = rest.slice(rest.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / clkTck;
}

async function iperfUp(ns: string, host: string, seconds: number): Promise<{ mbps: number; perSecond: number[] }> {
  const r = await execNs(ns, 'iperf3', ['-c', host, '-p', String(IPERF_PORT), '-t', String(seconds), '-J'], (seconds + 20) * 1000);
  const j = JSON.parse(r.stdout);
  if (j.error) throw new Error(`iperf3: ${j.error}`);
  return { mbps: j.end.sum_received.bits_per_second / 1e6, perSecond: j.intervals.map((i: Record<string, any>) => i.sum.bits_per_second / 1e6) };
}

function mean(xs: number[]): number { return xs.reduce((a, b) => a + b, 0) / xs.length; }

export default function tunnelFloodTest(): void {
  describe('E2E hostile traffic (wireguard-go)', () => {
    it('flood of 20,000 initiations + 20,000 random datagrams during an upload: ≥ 50 % throughput, cookie replies, every datagram accounted for', 0, async () => {
      await withScene(async ({ lab, wg, phone }: Scene) => {
        await phone.importTunnel('t', lab.clientConfig());
        await startConnected(phone);
        const vpn = agentChildren(phone.pid).find((p) => p.cmdline.includes(':vpn'));
        if (vpn === undefined) throw new Error('no VPN ability process');
        const iperfServer = lab.spawn(lab.serverNs, 'iperf3', ['-s', '-B', wg.tunnelAddr4, '-p', String(IPERF_PORT), '--forceflush']);
        await new Promise<void>((resolve, reject) => {
          let out = '';
          const timer = setTimeout(() => reject(new Error(`iperf3 server did not start: ${out}`)), 5000);
          iperfServer.stdout?.on('data', (d) => { out += d; if (out.includes('Server listening')) { clearTimeout(timer); resolve(); } });
          iperfServer.stderr?.on('data', (d) => { out += d; });
        });
        const endpoint = /\t([\d.]+):(\d+)/.exec(lab.wgShow('endpoints'));
        if (endpoint === null) throw new Error(`no phone endpoint at the server: ${lab.wgShow('endpoints')}`);
        const phonePort = Number(endpoint[2]);
        const unflooded = mean((await iperfUp(lab.phoneNs, wg.tunnelAddr4, 5)).perSecond.slice(1));
        const pubKey = wg.clientPublicKey;
        // Count arrivals at the phone's port from now on, then take the "before" figures once the
        // tunnel is idle (two reads 1.5 s apart — longer than the status period — agree).
        const rules = `table inet hwgflood {\n chain in {\n  type filter hook input priority -300;\n` +
          `  udp dport ${phonePort} udp sport ${FLOOD_SOURCE_PORT} counter comment "flood"\n` +
          `  udp dport ${phonePort} udp sport != ${FLOOD_SOURCE_PORT} counter comment "other"\n }\n}\n`;
        lab.exec(lab.phoneNs, 'nft', ['-f', '-'], rules);
        let before = (await phone.call('status')) as Record<string, any>;
        let nftBefore = await nftCounters(lab.phoneNs);
        for (let i = 0; ; i++) {
          await sleep(1500);
          const st = (await phone.call('status')) as Record<string, any>;
          const n = await nftCounters(lab.phoneNs);
          const same = st.datagramsReceived === before.datagramsReceived && n.other === nftBefore.other;
          before = st;
          nftBefore = n;
          if (same) break;
          if (i >= 10) throw new Error('the tunnel did not go idle before the flood');
        }
        const rcvBefore = rcvbufErrors(vpn.pid);

        // The upload runs 14 s; the flood starts 2 s in and lasts 10 s. Throughput compared: the mean of
        // iperf3's per-second figures, the first second (slow start) left out of the unflooded run.
        const upload = iperfUp(lab.phoneNs, wg.tunnelAddr4, 14);
        await sleep(2000);
        const cpu0 = cpuMs(vpn.pid);
        const floodT0 = performance.now();
        const flooder = lab.spawnNode(lab.serverNs, path.join(process.cwd(), 'tests/e2e/flood.mjs'),
          [lab.phoneAddr4, String(phonePort), pubKey, String(INITIATIONS), String(RANDOM), String(FLOOD_SECONDS), String(FLOOD_SOURCE_PORT)], {}, []);
        let floodOut = '';
        flooder.stdout?.on('data', (d) => { floodOut += d; });
        flooder.stderr?.on('data', (d) => { floodOut += d; });
        const floodCode = await new Promise<number | null>((resolve) => flooder.once('exit', (c) => resolve(c)));
        const cpuShare = (cpuMs(vpn.pid) - cpu0) / (performance.now() - floodT0);
        const up = await upload;
        // The seconds wholly inside the flood (it starts 2 s in, plus the flooder's start-up).
        const flooded = mean(up.perSecond.slice(3, 11));
        if (floodCode !== 0) throw new Error(`flood.mjs exited ${floodCode}: ${floodOut}`);
        const flood = JSON.parse(floodOut.trim().split('\n').pop() as string);

        // The VPN process is alive and the tunnel still carries traffic.
        expect(fs.existsSync(`/proc/${vpn.pid}`)).assertTrue();
        const ui = await phone.call('ui');
        expect(ui.state).assertEqual('CONNECTED');

        // Accounting: wait until the engine's count has caught up with the kernel's (bounded).
        let counters: Record<string, number> = {};
        let rcv = 0;
        let settled: { st: Record<string, any>; engine: number; arrived: number };
        const t0 = performance.now();
        for (;;) {
          const n = await nftCounters(lab.phoneNs);
          counters = { flood: n.flood - nftBefore.flood, other: n.other - nftBefore.other };
          rcv = rcvbufErrors(vpn.pid) - rcvBefore;
          const now = (await phone.call('status')) as Record<string, any>;
          settled = { st: now, engine: now.datagramsReceived - before.datagramsReceived, arrived: counters.flood + counters.other };
          if (settled.engine + rcv === settled.arrived || performance.now() - t0 > limitFor(2000)) break;
          await sleep(200);
        }
        note(`engine count caught up with the kernel's in ${(performance.now() - t0).toFixed(0)} ms`);
        const st = settled.st;
        const kinds: Record<string, number> = {};
        let floodDrops = 0;
        for (const k of FLOOD_KINDS) {
          kinds[k] = drop(st, k) - drop(before, k);
          floodDrops += kinds[k];
        }
        const cookies = st.cookieRepliesSent - before.cookieRepliesSent;
        const ratio = flooded / unflooded;
        note(`upload unflooded ${unflooded.toFixed(0)} Mbit/s, flooded ${flooded.toFixed(0)} Mbit/s (per second: ${up.perSecond.map((x) => x.toFixed(0)).join(' ')}): ratio ${(ratio * 100).toFixed(0)} % (goal ≥ 50 %)`);
        note(`flood: sent ${flood.sent} (${flood.sendErrors} send errors) in ${(flood.ms / 1000).toFixed(1)} s; kernel arrivals at the port: flood ${counters.flood}, other ${counters.other}; ` +
          `engine received ${settled.engine}, RcvbufErrors +${rcv}`);
        note(`drops by kind: ${JSON.stringify(kinds)}; cookie replies sent ${cookies}, received by the flooder ${flood.cookieReplies}; ` +
          `N = ${st.loadThreshold}, times under load ${st.timesUnderLoad - before.timesUnderLoad}; ` +
          `VPN process CPU during the flood (upload included) ${(cpuShare * 100).toFixed(0)} % of one core`);
        expect(flood.sent).assertEqual(INITIATIONS + RANDOM);
        expect(counters.flood).assertEqual(flood.sent);
        expect(settled.engine + rcv).assertEqual(settled.arrived);
        // Each flood datagram ended in a flood kind, unless the kernel dropped it (or a legit one) first.
        expect(floodDrops <= counters.flood).assertTrue();
        expect(floodDrops + rcv >= counters.flood).assertTrue();
        expect(kinds.UNKNOWN_TYPE + rcv >= RANDOM / 2).assertTrue();
        expect(kinds.UNKNOWN_INDEX + rcv >= RANDOM / 4).assertTrue();
        expect(kinds.BAD_SIZE + rcv >= RANDOM / 4).assertTrue();
        expect(kinds.BAD_MAC1 + rcv >= INITIATIONS / 2).assertTrue();
        // Valid-mac1 initiations: cookie replies, not Diffie-Hellman, once under load.
        expect(cookies).assertEqual(kinds.COOKIE_REQUIRED);
        expect(cookies > INITIATIONS / 2 - 1000 - rcv).assertTrue();
        expect(flood.cookieReplies > 0 && flood.cookieReplies <= cookies).assertTrue();
        expect(st.timesUnderLoad - before.timesUnderLoad >= 1).assertTrue();
        // The 50 % goal is a figure (printed above); the assertion keeps the margin the clarifications set
        // for a loaded 2-core machine (5x): a flood that nearly stops the upload still fails.
        expect(ratio >= 0.5 / 5).assertTrue();
        await stopStopped(phone);
      });
    });
  });
}
