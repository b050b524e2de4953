// hypium-timeout: 150000
/**
 * Issue 4, 20 Start/Stop cycles end to end against wireguard-go through the real app path. Each cycle
 * passes traffic (ping through the tunnel); after each Stop nothing is left behind: no `vpn-tun` in
 * the phone namespace, the ip rules (IPv4 and IPv6) are back to the baseline, no VPN state file, no
 * child process of the agent (other than the esbuild service the host runtime bundles with), status
 * STOPPED; the agent's fd count does not grow beyond a small tolerance. While up, the VPN process
 * runs exactly one native reader and one writer thread (`hwg-tun-reader`, `hwg-tun-writer`; none on
 * the forced POLLING fallback) and
 * the same number of threads in every cycle.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import path from 'node:path';
import { Scene, agentChildren, hasTun, note, phoneRules, pingAll, startConnected, stopStopped, threadNames, withScene } from './scenario';

const CYCLES = 20;
/** Allowed growth of the agent's open fds between the end of cycle 1 and the end of the last cycle. */
const FD_TOLERANCE = 4;

/** Runs `cycles` Start/Stop cycles on a fresh scene (phone env `env`) with every check after each Stop. */
async function runCycles(cycles: number, env: Record<string, string>): Promise<void> {
  await withScene(async ({ lab, wg, phone }: Scene) => {
    await phone.importTunnel('t', lab.clientConfig());
    const stateDir = path.join(path.dirname(phone.filesDir), 'state');
    const vpnStateFiles = (): string[] => (fs.existsSync(stateDir) ? fs.readdirSync(stateDir).filter((f) => /^vpn-.*\.json$/.test(f)) : []);
    const baselineRules = phoneRules(lab);
    const fdsStart: number = await phone.call('fds');
    const fds: number[] = [];
    const cycleMs: number[] = [];
    const hsMs: number[] = [];
    const stopMs: number[] = [];
    let protection = '';
    const threads: number[] = [];
    const readerThreads = phone.expectedDataPath === 'NATIVE_WAIT' ? 1 : 0;
    for (let i = 1; i <= cycles; i++) {
      const c0 = performance.now();
      try {
        hsMs.push(await startConnected(phone));
        // While up: the tun, the VPN rules and one VPN process exist (so the checks below mean something).
        expect(hasTun(lab)).assertTrue();
        expect(phoneRules(lab) !== baselineRules).assertTrue();
        const kids = agentChildren(phone.pid);
        if (kids.length !== 1 || !kids[0].cmdline.includes(':vpn')) throw new Error(`expected one VPN process, agent children: ${JSON.stringify(kids)}`);
        await pingAll(phone, wg.tunnelAddr4, 1);
        const names = threadNames(kids[0].pid);
        const readers = names.filter((n) => n === 'hwg-tun-reader').length;
        const writers = names.filter((n) => n === 'hwg-tun-writer').length;
        if (readers !== readerThreads || writers !== readerThreads) {
          throw new Error(`${readers} reader / ${writers} writer threads in the VPN process, expected ${readerThreads} each: ${names.join(' ')}`);
        }
        threads.push(names.length);
        protection = (await phone.call('status')).socketProtection;
        const s0 = performance.now();
        const ui = await stopStopped(phone);
        stopMs.push(performance.now() - s0);
        expect(ui.state).assertEqual('STOPPED');
        const st = await phone.call('status');
        if (st === null || st.state !== 'STOPPED') throw new Error(`status.json says ${st === null ? 'nothing' : st.state} after Stop`);
        if (hasTun(lab)) throw new Error('vpn-tun left in the phone namespace');
        const rules = phoneRules(lab);
        if (rules !== baselineRules) throw new Error(`ip rules differ from the baseline:\n${rules}\nbaseline:\n${baselineRules}`);
        const left = agentChildren(phone.pid);
        if (left.length > 0) throw new Error(`processes left: ${JSON.stringify(left)}`);
        if (vpnStateFiles().length > 0) throw new Error(`VPN state file left: ${vpnStateFiles().join(', ')}`);
        fds.push(await phone.call('fds'));
      } catch (e: any) {
        e.message = `cycle ${i}: ${e.message}`;
        throw e;
      }
      cycleMs.push(performance.now() - c0);
    }
    const avg = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
    note(`${cycles} cycles (API ${env.HARMONYWG_API_LEVEL ?? 'default'}, socket protection ${protection}): cycle avg ${avg(cycleMs).toFixed(0)} ms (max ${Math.max(...cycleMs).toFixed(0)}), ` +
      `Start→CONNECTED avg ${avg(hsMs).toFixed(0)} ms (max ${Math.max(...hsMs).toFixed(0)}), Stop→STOPPED avg ${avg(stopMs).toFixed(0)} ms`);
    note(`VPN process threads while up (${phone.expectedDataPath}): ${Math.min(...threads)}–${Math.max(...threads)} over ${cycles} cycles`);
    note(`agent fds: before ${fdsStart}, after cycle 1 ${fds[0]}, after cycle ${cycles} ${fds[fds.length - 1]} (max ${Math.max(...fds)})`);
    expect(fds[fds.length - 1] - fds[0] <= FD_TOLERANCE).assertTrue();
    expect(Math.max(...fds) - fds[0] <= FD_TOLERANCE).assertTrue();
    // Each Start forks a fresh VPN process: its thread count may differ only by libuv's pool of 4,
    // which Node starts on first use.
    expect(Math.max(...threads) - Math.min(...threads) <= 4).assertTrue();
  }, {}, env);
}

export default function tunnelCyclesTest(): void {
  describe('E2E Start/Stop cycles (wireguard-go)', () => {
    it(`${CYCLES} Start/Stop cycles pass traffic and leave nothing behind`, 0, async () => {
      await runCycles(CYCLES, {});
    });

    it('5 cycles at API 22 (protectProcessNet) and 5 at API 23 (protect(fd)) leave no rule behind', 0, async () => {
      // The @ohos.net.socket socket (HARMONYWG_NATIVE_UDP=off), so these levels' own strategies run:
      // with the module's socket every level uses protect(fd) of it (the 20 cycles above).
      await runCycles(5, { HARMONYWG_API_LEVEL: '22', HARMONYWG_NATIVE_UDP: 'off' });
      await runCycles(5, { HARMONYWG_API_LEVEL: '23', HARMONYWG_NATIVE_UDP: 'off' });
    });
  });
}
