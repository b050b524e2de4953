// hypium-timeout: 20000
/**
 * startVpnExtensionAbility / stopVpnExtensionAbility of the host runtime, with a test-only ability
 * (fixtures/module.json5 via HARMONYWG_MODULE_JSON5): a separate process, onCreate before start
 * resolves, shared files dir, onDestroy and exit on stop, rejection with `undefined` for a foreign
 * bundle and for refused consent, the ability ends when the starting process dies.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from '@ohos/hypium';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { vpnExtension } from './kits/NetworkKit';
import { runningAbilityPids } from './abilities';
import { hostRuntime } from './runtime';

const repo = process.cwd();
let tmp = '';
const log = (): string => { try { return fs.readFileSync(path.join(tmp, 'files', 'fixture-ability.log'), 'utf8'); } catch { return ''; } };
const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rejection(p: Promise<unknown>): Promise<{ rejected: boolean; value: unknown }> {
  try { await p; return { rejected: false, value: undefined }; } catch (e) { return { rejected: true, value: e }; }
}

export default function abilitiesTest(): void {
  describe('HostAbilities', () => {
    beforeAll(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-abilities-'));
      process.env.HARMONYWG_MODULE_JSON5 = path.join(repo, 'tests/host/fixtures/module.json5');
      process.env.HARMONYWG_FILES_DIR = path.join(tmp, 'files');
      process.env.HARMONYWG_STATE_DIR = path.join(tmp, 'state');
      fs.mkdirSync(path.join(tmp, 'files'), { recursive: true });
    });
    afterEach(() => {
      delete process.env.HARMONYWG_VPN_CONSENT;
      for (const pid of runningAbilityPids()) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
      fs.rmSync(path.join(tmp, 'files', 'fixture-ability.log'), { force: true });
    });
    afterAll(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

    const want = () => ({ bundleName: hostRuntime().bundleName, abilityName: 'FixtureVpnAbility', parameters: { tunnel: 'lab' } });

    it('start runs onCreate(want) in a separate process on the shared files dir; stop runs onDestroy and ends it', 0, async () => {
      await vpnExtension.startVpnExtensionAbility(want());
      const pids = runningAbilityPids();
      expect(pids.length).assertEqual(1);
      expect(pids[0] !== process.pid).assertTrue();
      expect(log().startsWith(`create {"tunnel":"lab"} ${path.join(tmp, 'files')}`)).assertTrue();
      expect(fs.readFileSync(`/proc/${pids[0]}/cmdline`, 'utf8').length > 0).assertTrue();
      await vpnExtension.stopVpnExtensionAbility(want());
      expect(log().split('\n').includes('destroy')).assertTrue();
      expect(alive(pids[0])).assertFalse();
      expect(runningAbilityPids().length).assertEqual(0);
    });

    it('rejects with undefined for another bundle, and stop too', 0, async () => {
      const r = await rejection(vpnExtension.startVpnExtensionAbility({ bundleName: 'com.example.other', abilityName: 'FixtureVpnAbility' }));
      expect(r.rejected).assertTrue();
      expect(r.value === undefined).assertTrue();
      const s = await rejection(vpnExtension.stopVpnExtensionAbility({ bundleName: 'com.example.other', abilityName: 'FixtureVpnAbility' }));
      expect(s.rejected && s.value === undefined).assertTrue();
      expect(runningAbilityPids().length).assertEqual(0);
    });

    it('rejects with undefined when the user refuses consent (HARMONYWG_VPN_CONSENT=deny)', 0, async () => {
      process.env.HARMONYWG_VPN_CONSENT = 'deny';
      const r = await rejection(vpnExtension.startVpnExtensionAbility(want()));
      expect(r.rejected).assertTrue();
      expect(r.value === undefined).assertTrue();
      expect(log()).assertEqual('');
    });

    it('consent dialog below API 22 loses the Want parameters on the first start only', 0, async () => {
      process.env.HARMONYWG_VPN_CONSENT = 'ask';
      process.env.HARMONYWG_API_LEVEL = '20';
      await vpnExtension.startVpnExtensionAbility(want());
      await vpnExtension.stopVpnExtensionAbility(want());
      await vpnExtension.startVpnExtensionAbility(want());
      await vpnExtension.stopVpnExtensionAbility(want());
      delete process.env.HARMONYWG_API_LEVEL;
      const lines = log().split('\n').filter((l) => l.startsWith('create'));
      expect(lines.length).assertEqual(2);
      expect(lines[0].startsWith('create {}')).assertTrue();
      expect(lines[1].startsWith('create {"tunnel":"lab"}')).assertTrue();
    });

    it('an unknown or non-vpn ability is rejected with 16000001', 0, async () => {
      const r = await rejection(vpnExtension.startVpnExtensionAbility({ bundleName: hostRuntime().bundleName, abilityName: 'NotVpn' }));
      expect(r.rejected).assertTrue();
      expect((r.value as any).code).assertEqual(16000001);
    });

    it('the ability process ends when the process that started it dies', 0, async () => {
      const { bundle } = await import(pathToFileURL(path.join(repo, 'tests/tools/bundle.mjs')).href);
      const script = await bundle(path.join(repo, 'tests/host/fixtures/start-and-die.ts'), path.join(tmp, 'start-and-die.mjs'));
      const starter = spawn(process.execPath, [script], { cwd: repo, env: { ...process.env }, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      starter.stdout!.on('data', (d) => { out += d; });
      const until = Date.now() + 10000;
      while (!/STARTED \d+/.test(out) && starter.exitCode === null && Date.now() < until) await sleep(20);
      const m = /STARTED (\d+)/.exec(out);
      expect(m !== null).assertTrue();
      const abilityPid = Number(m![1]);
      expect(alive(abilityPid)).assertTrue();
      starter.kill('SIGKILL');
      const until2 = Date.now() + 5000;
      while (alive(abilityPid) && Date.now() < until2) await sleep(20);
      expect(alive(abilityPid)).assertFalse();
      expect(log().split('\n').includes('destroy')).assertTrue();
    });
  });
}
