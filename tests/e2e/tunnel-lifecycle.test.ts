// hypium-timeout: 90000
/**
 * Issue 14 item 1, "a failed start strands the app", end to end through the real app path (phone
 * agent → MainViewModel → startVpnExtensionAbility → the VPN ability process → TunnelSession) against
 * wireguard-go. Each trigger — an endpoint that does not resolve (offline), a configuration the VPN
 * process refuses, the tun failing under a running tunnel — must end in FAILED with its problem, with
 * the VPN ability process gone (the page stops it; the host runtime, like the device, starts no new
 * onCreate on a running ability), nothing left in the phone namespace, and a next Start that works.
 * Limits: the page reads the status once a second, the host's stop takes < 1 s: 1 s + 5 s.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { NetnsLab } from './netns';
import { Phone } from './phone';
import { Scene, agentChildren, editConfig, hasTun, note, phoneRules, pingAll, sleep, startConnected, stopStopped,
  withScene } from './scenario';

const RELEASE_LIMIT_MS = 6000;

/**
 * Waits until the phone agent has no VPN ability process and the page knows it (Stop disabled);
 * returns the ms it took. Throws after the limit.
 */
async function vpnProcessGone(phone: Phone, limitMs: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const kids = agentChildren(phone.pid).filter((p) => p.cmdline.includes(':vpn'));
    if (kids.length === 0 && !(await phone.call('ui')).canStop) return performance.now() - t0;
    if (performance.now() - t0 > limitMs) throw new Error(`the VPN ability process is still running or Stop still enabled after ${limitMs} ms: ${JSON.stringify(kids)}`);
    await sleep(50);
  }
}

/** Starts and waits for a settled state; asserts CONNECTED and traffic. Returns ms from Start to CONNECTED. */
async function startWorks(phone: Phone, lab: NetnsLab, host: string): Promise<number> {
  const t0 = performance.now();
  const started = await phone.call('start');
  if (started.state === 'FAILED') throw new Error(`Start failed at once: ${started.problem} ${started.problemText}`);
  const ui = await phone.call('waitFor', { states: ['CONNECTED', 'FAILED', 'NO_HANDSHAKE'], timeoutMs: 15000 });
  if (ui.state !== 'CONNECTED') throw new Error(`second Start ended in ${ui.state} ${ui.problem}: ${ui.problemText}`);
  const ms = performance.now() - t0;
  await pingAll(phone, host, 2);
  expect(hasTun(lab)).assertTrue();
  return ms;
}

/** After Stop: nothing of the tunnel is left in the phone namespace. */
async function stoppedClean(phone: Phone, lab: NetnsLab, rulesBefore: string): Promise<void> {
  await stopStopped(phone);
  await vpnProcessGone(phone, RELEASE_LIMIT_MS);
  expect(hasTun(lab)).assertFalse();
  expect(phoneRules(lab)).assertEqual(rulesBefore);
}

export default function tunnelLifecycleTest(): void {
  describe('E2E a failed start strands the app', () => {
    it('a failed start strands the app: an unresolvable endpoint fails, the ability is stopped, and Start works once the name resolves', 0, async () => {
      const name = 'wg-server.harmonywg.test';
      await withScene(async ({ lab, wg, phone }: Scene) => {
        const rulesBefore = phoneRules(lab);
        const cfg = editConfig(lab.clientConfig(), (l) => (l.startsWith('Endpoint') ? `Endpoint = ${name}:${wg.listenPort}` : l));
        await phone.importTunnel('byname', cfg);
        const t0 = performance.now();
        await phone.call('start');
        const failed = await phone.call('waitFor', { states: ['FAILED', 'CONNECTED'], timeoutMs: 15000 });
        const failMs = performance.now() - t0;
        expect(failed.state).assertEqual('FAILED');
        expect(failed.problem).assertEqual('ENDPOINT_UNRESOLVED');
        expect(failed.canStart).assertTrue();
        const goneMs = await vpnProcessGone(phone, RELEASE_LIMIT_MS);
        const after = await phone.call('ui');
        expect(after.state).assertEqual('FAILED');
        expect(after.problem).assertEqual('ENDPOINT_UNRESOLVED');
        expect(after.canStart).assertTrue();
        expect(after.canStop).assertFalse();
        expect(hasTun(lab)).assertFalse();
        expect(phoneRules(lab)).assertEqual(rulesBefore);

        lab.setPhoneHost(name, lab.serverAddr4);
        const okMs = await startWorks(phone, lab, wg.tunnelAddr4);
        note(`unresolved: FAILED after ${failMs.toFixed(0)} ms ("${failed.problemText}"), VPN ability stopped ${goneMs.toFixed(0)} ms later (limit ${RELEASE_LIMIT_MS}); name resolvable → Start → CONNECTED in ${okMs.toFixed(0)} ms, ping ok`);
        await stoppedClean(phone, lab, rulesBefore);
      }, {}, {}, (lab) => lab.usePhoneResolver());
    });

    it('a failed start strands the app: a configuration the VPN process refuses fails, the ability is stopped, and Start works after the fix', 0, async () => {
      await withScene(async ({ lab, wg, phone }: Scene) => {
        const rulesBefore = phoneRules(lab);
        // The file changed behind the page's back (the import validates; the store does not).
        const broken = editConfig(lab.clientConfig(), (l) => (l.startsWith('PublicKey') ? 'PublicKey = not-a-key' : l));
        await phone.importTunnel('t', broken);
        await phone.call('start');
        const failed = await phone.call('waitFor', { states: ['FAILED', 'CONNECTED'], timeoutMs: 15000 });
        expect(failed.state).assertEqual('FAILED');
        expect(failed.problem).assertEqual('INVALID_CONFIG');
        const goneMs = await vpnProcessGone(phone, RELEASE_LIMIT_MS);
        expect((await phone.call('ui')).canStop).assertFalse();
        expect(hasTun(lab)).assertFalse();
        await phone.importTunnel('t', lab.clientConfig());
        const okMs = await startWorks(phone, lab, wg.tunnelAddr4);
        note(`bad config: FAILED "${failed.problemText}", VPN ability stopped after ${goneMs.toFixed(0)} ms; fixed file → CONNECTED in ${okMs.toFixed(0)} ms`);
        await stoppedClean(phone, lab, rulesBefore);
      });
    });

    it('a failed start strands the app: the tun failing under a running tunnel ends in FAILED, the ability is stopped, and Start works again', 0, async () => {
      await withScene(async ({ lab, wg, phone }: Scene) => {
        const rulesBefore = phoneRules(lab);
        await phone.importTunnel('t', lab.clientConfig());
        await startConnected(phone);
        await pingAll(phone, wg.tunnelAddr4, 1);
        // The interface vanishes under the tunnel (reads of its fd now fail with EBADFD).
        lab.exec(lab.phoneNs, 'ip', ['link', 'del', 'dev', 'vpn-tun']);
        const t0 = performance.now();
        const failed = await phone.call('waitFor', { states: ['FAILED'], timeoutMs: 10000 });
        const failMs = performance.now() - t0;
        expect(failed.problem).assertEqual('TUN_IO_FAILED');
        const goneMs = await vpnProcessGone(phone, RELEASE_LIMIT_MS);
        expect((await phone.call('ui')).canStart).assertTrue();
        expect(phoneRules(lab)).assertEqual(rulesBefore);
        const okMs = await startWorks(phone, lab, wg.tunnelAddr4);
        note(`tun gone: FAILED "${failed.problemText}" after ${failMs.toFixed(0)} ms, VPN ability stopped ${goneMs.toFixed(0)} ms later; Start → CONNECTED in ${okMs.toFixed(0)} ms`);
        await stoppedClean(phone, lab, rulesBefore);
      });
    });

    it('a stop during start-up is not overridden by the start: the status stays STOPPED when the endpoint lookup fails afterwards', 0, async () => {
      const lab = await NetnsLab.create();
      try {
        lab.usePhoneResolver();
        const repo = process.cwd();
        const tool = await import(/* external */ path.join(repo, 'tests/tools/bundle.mjs'));
        const script = path.join(lab.dir, 'session-probe.mjs');
        await tool.bundle(path.join(repo, 'tests/e2e/session-probe.ts'), script);
        const conf = path.join(lab.dir, 't.conf');
        const key = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
        fs.writeFileSync(conf, `[Interface]\nPrivateKey = ${key}\nAddress = 10.9.0.2/32\n\n[Peer]\nPublicKey = ${key}\nAllowedIPs = 0.0.0.0/0\nEndpoint = never.harmonywg.test:51820\n`);
        const child = lab.spawnNode(lab.phoneNs, script, [conf, '200'], {
          HARMONYWG_FILES_DIR: path.join(lab.dir, 'files'), HARMONYWG_STATE_DIR: path.join(lab.dir, 'state'),
        });
        let err = '';
        child.stderr!.on('data', (d) => { err += d; });
        const lines: Record<string, any>[] = [];
        readline.createInterface({ input: child.stdout! }).on('line', (l) => { try { lines.push(JSON.parse(l)); } catch { /* log */ } });
        const t0 = performance.now();
        await new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const ms = performance.now() - t0;
        const stopped = lines.find((l) => l.step === 'stopped');
        const final = lines.find((l) => l.step === 'final');
        if (!stopped || !final) throw new Error(`probe output: ${JSON.stringify(lines)} ${err}`);
        expect(stopped.state).assertEqual('STOPPED');
        expect(final.state).assertEqual('STOPPED');
        expect(final.problem).assertEqual('NONE');
        expect(final.tun).assertFalse();
        note(`Stop 200 ms into the start (endpoint lookup pending): STOPPED; the lookup failed later and the status stayed STOPPED (probe ran ${ms.toFixed(0)} ms)`);
      } finally {
        await lab.close();
      }
    });
  });
}
