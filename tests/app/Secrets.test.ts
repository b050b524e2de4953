// hypium-timeout: 60000
/**
 * Keys in the keystore (issue 13): the SecretStore seam's codes and the lock-screen level it picks
 * (the host Asset Store's own fidelity: tests/host/asset.test.ts), tunnel files without key material, the round
 * trip and export byte for byte, delete removing the keys, and the migration of clear-text files, a
 * save and a delete stopped at every step — by an exception, and in a child process by SIGKILL — after
 * which each key is in the store exactly once and no clear text is left.
 */
import { describe, it, expect } from '@ohos/hypium';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asset } from '../host/kits/AssetStoreKit';
import { hostRuntime } from '../host/runtime';
import { AssetSecretStore, SECRET_DUPLICATED, SecretStore, SecretStoreError } from '../../entry/src/main/ets/store/SecretStore';
import { StoreStep, StoreStepObserver, TunnelStore } from '../../entry/src/main/ets/store/TunnelStore';
import { AlwaysOnAvailability, MainViewModel, TextSource, VpnControl } from '../../entry/src/main/ets/viewmodel/MainViewModel';
import { NoControl, AnyText } from './texts-fixture';

const PRIVATE_A = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
const PRIVATE_B = 'aO8/ZnV1ztyPK1D+b8sBVJ0pRq1fy0dSDPXHXs3XM0o=';
const PSK_B = 'FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=';
const PUBLIC = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
/** Every key the suite uses (the run's secret scan reads this list). */
export const SECRETS_USED = [PRIVATE_A, PRIVATE_B, PSK_B];

/** A file as people write them: comment, odd spacing and key case, CRLF, a trailing comment. */
const TEXT_A = '# home\r\n[Interface]\r\nprivatekey=' + PRIVATE_A + '   # mine\r\nAddress = 10.0.0.2/32\r\n\r\n' +
  '[Peer]\r\nPublicKey = ' + PUBLIC + '\r\nAllowedIPs = 0.0.0.0/0\r\nEndpoint = 192.0.2.1:51820\r\n';
const TEXT_B = '[Interface]\nPrivateKey = ' + PRIVATE_B + '\nAddress = 10.0.1.2/32\n\n[Peer]\nPublicKey = ' + PUBLIC +
  '\nPresharedKey =\t' + PSK_B + '\nAllowedIPs = 10.0.1.0/24\n';



/** Fresh files dir and Asset Store dir (siblings, as the runtime lays them out). */
function fresh(): { files: string; assets: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-secrets-'));
  const files = path.join(base, 'files');
  fs.mkdirSync(files);
  process.env.HARMONYWG_ASSET_DIR = path.join(base, 'asset');
  return { files, assets: path.join(base, 'asset') };
}

function allFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...allFiles(p)); else out.push(p);
  }
  return out;
}

/** Files under `dir` holding `key` as base64 text, hex or its raw 32 bytes. */
function filesHolding(dir: string, key: string): string[] {
  const raw = Buffer.from(key, 'base64');
  return allFiles(dir).filter((f) => {
    const b = fs.readFileSync(f);
    return b.includes(Buffer.from(key)) || b.includes(raw) || b.toString('latin1').toLowerCase().includes(raw.toString('hex'));
  });
}

/** How many assets of the app hold `key` as their secret. */
function assetsHolding(assets: string, key: string): number {
  const dir = path.join(assets, hostRuntime().bundleName);
  return allFiles(dir).filter((f) => f.endsWith('.asset')).filter((f) => {
    const j = JSON.parse(fs.readFileSync(f, 'utf8'));
    return Buffer.from(String(j[String(asset.Tag.SECRET)]), 'base64').toString('utf8') === key;
  }).length;
}

function assetCount(assets: string): number {
  return allFiles(path.join(assets, hostRuntime().bundleName)).filter((f) => f.endsWith('.asset')).length;
}

function aliasMap(alias: string): asset.AssetMap {
  const m: asset.AssetMap = new Map();
  m.set(asset.Tag.ALIAS, new Uint8Array(Buffer.from(alias)));
  return m;
}

/** Throws at the n-th step (0-based): the process "dies" there, leaving whatever it had written. */
class CrashAt implements StoreStepObserver {
  count = 0;
  readonly steps: string[] = [];
  constructor(private readonly at: number) {}
  reached(step: StoreStep, name: string): void {
    this.steps.push(`${step} ${name}`);
    if (this.count++ === this.at) throw new Error(`crash at ${step} of ${name}`);
  }
}

let childScript: Promise<string> | null = null;
/** tests/app/store-crash-child.ts bundled for Node (once). */
function crashChild(): Promise<string> {
  if (childScript === null) {
    childScript = (async () => {
      const tool = await import(/* external */ path.join(process.cwd(), 'tests/tools/bundle.mjs'));
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-crash-child-')), 'store-crash-child.mjs');
      await tool.bundle(path.join(process.cwd(), 'tests/app/store-crash-child.ts'), out);
      return out;
    })();
  }
  return childScript;
}

/** Runs `op` in a child process killed (SIGKILL) at step `at`; returns the step count when it was not killed. */
function runKilled(script: string, op: string, at: number, files: string, textFile: string): number | null {
  const r = spawnSync(process.execPath, [script, op, String(at), files, textFile], { encoding: 'utf8', env: process.env });
  if (r.signal === 'SIGKILL') return null;
  const m = /STEPS (\d+)/.exec(r.stdout);
  if (r.status !== 0 || !m) throw new Error(`crash child ${op} ${at}: exit ${r.status} ${r.stderr.slice(-500)}`);
  return Number(m[1]);
}

export default function secretsTest(): void {
  describe('Secrets', () => {
    it('the SecretStore seam maps the Asset Store codes: duplicate → SecretStoreError 24000003, missing → null / false', 0, () => {
      fresh();
      const s = new AssetSecretStore();
      s.add('k', PRIVATE_A);
      let dup = 0;
      try { s.add('k', PRIVATE_A); } catch (e) { dup = e instanceof SecretStoreError ? e.code : -1; }
      expect(dup).assertEqual(SECRET_DUPLICATED);
      expect(s.get('k')).assertEqual(PRIVATE_A);
      expect(s.get('nope')).assertNull();
      expect(s.remove('k')).assertTrue();
      expect(s.remove('k')).assertFalse();
    });

    it('keys stored DEVICE_POWERED_ON can be read before the first unlock; the default level cannot (24000005)', 0, () => {
      fresh();
      const s = new AssetSecretStore();
      s.add('ours', PRIVATE_A);
      const dflt = aliasMap('default-level');
      dflt.set(asset.Tag.SECRET, new Uint8Array([7]));
      asset.addSync(dflt);
      process.env.HARMONYWG_DEVICE_LOCK = 'before_first_unlock';
      try {
        expect(s.get('ours')).assertEqual(PRIVATE_A);
        let code = 0;
        try { s.get('default-level'); } catch (e) { code = (e as SecretStoreError).code; }
        expect(code).assertEqual(24000005);
      } finally {
        delete process.env.HARMONYWG_DEVICE_LOCK;
      }
    });

    it('an imported tunnel leaves no key material in the files dir; load and export with keys give the file back byte for byte', 0, () => {
      const d = fresh();
      const vm = new MainViewModel(d.files, new NoControl(), new AnyText(), () => 0);
      expect(vm.importTunnel('home', TEXT_A)).assertTrue();
      expect(vm.importTunnel('work', TEXT_B)).assertTrue();
      for (const k of SECRETS_USED) {
        expect(filesHolding(d.files, k).length).assertEqual(0);
        expect(assetsHolding(d.assets, k)).assertEqual(1);
      }
      const conf = fs.readFileSync(path.join(d.files, 'tunnels', 'home.conf'), 'utf8');
      expect(conf.includes('privatekey=@asset:harmonywg/home/')).assertTrue();
      expect(conf.includes('   # mine\r\n')).assertTrue();
      expect(vm.tunnelStore().load('home')).assertEqual(TEXT_A);
      expect(vm.exportTunnel('home', true)).assertEqual(TEXT_A);
      expect(vm.exportTunnel('work', true)).assertEqual(TEXT_B);
      const noKeys = vm.exportTunnel('work', false) as string;
      for (const k of SECRETS_USED) expect(noKeys.includes(k)).assertFalse();
      expect(noKeys.includes('@asset')).assertFalse();
      expect(noKeys).assertEqual('[Interface]\nAddress = 10.0.1.2/32\n\n[Peer]\nPublicKey = ' + PUBLIC + '\nAllowedIPs = 10.0.1.0/24\n');
      // Re-import under the same name: the old keys go, the new ones are there once.
      expect(vm.importTunnel('home', TEXT_B)).assertTrue();
      expect(assetsHolding(d.assets, PRIVATE_A)).assertEqual(0);
      expect(assetsHolding(d.assets, PRIVATE_B)).assertEqual(2);
    });

    it('an import the keystore refuses saves nothing and says so with the code', 0, () => {
      class Refusing implements SecretStore {
        add(): void { throw new SecretStoreError('add', 24000001); }
        get(): string | null { return null; }
        remove(): boolean { return false; }
      }
      const d = fresh();
      const vm = new MainViewModel(d.files, new NoControl(), new AnyText(), () => 0, null, () => 0, new Refusing());
      expect(vm.importTunnel('home', TEXT_A)).assertFalse();
      expect(vm.current().importFailed).assertTrue();
      expect(vm.current().importText).assertEqual('import_secret_failed 24000001');
      expect(vm.tunnelStore().list().length).assertEqual(0);
      expect(filesHolding(d.files, PRIVATE_A).length).assertEqual(0);
    });

    it('delete removes the tunnel file and its keys in the keystore', 0, () => {
      const d = fresh();
      const vm = new MainViewModel(d.files, new NoControl(), new AnyText(), () => 0);
      vm.importTunnel('home', TEXT_A);
      vm.importTunnel('work', TEXT_B);
      expect(assetCount(d.assets)).assertEqual(3);
      expect(vm.deleteTunnel('work')).assertTrue();
      expect(assetsHolding(d.assets, PRIVATE_B)).assertEqual(0);
      expect(assetsHolding(d.assets, PSK_B)).assertEqual(0);
      expect(assetCount(d.assets)).assertEqual(1);
      expect(vm.current().tunnelNames.join(',')).assertEqual('home');
      expect(fs.existsSync(path.join(d.files, 'tunnels', 'work.conf'))).assertFalse();
      expect(vm.deleteTunnel('work')).assertFalse();
    });

    it('a tunnel whose key is gone from the keystore fails to load with 24000002, never with the text', 0, () => {
      const d = fresh();
      const store = new TunnelStore(d.files, new AssetSecretStore());
      store.save('home', TEXT_A);
      for (const f of allFiles(path.join(d.assets, hostRuntime().bundleName))) fs.unlinkSync(f);
      let err: unknown = null;
      try { store.load('home'); } catch (e) { err = e; }
      expect(err instanceof SecretStoreError).assertTrue();
      expect((err as SecretStoreError).code).assertEqual(24000002);
      expect(String((err as Error).message).includes('@asset')).assertFalse();
    });

    it('migrates clear-text tunnel files at the first start: keys moved, clear text gone, the text unchanged', 0, async () => {
      const d = fresh();
      const tunnels = path.join(d.files, 'tunnels');
      fs.mkdirSync(tunnels);
      fs.writeFileSync(path.join(tunnels, 'home.conf'), TEXT_A);
      fs.writeFileSync(path.join(tunnels, 'work.conf'), TEXT_B);
      const vm = new MainViewModel(d.files, new NoControl(), new AnyText(), () => 0);
      await vm.load();
      for (const k of SECRETS_USED) {
        expect(filesHolding(d.files, k).length).assertEqual(0);
        expect(assetsHolding(d.assets, k)).assertEqual(1);
      }
      expect(vm.current().tunnelNames.join(',')).assertEqual('home,work');
      expect(vm.tunnelStore().load('home')).assertEqual(TEXT_A);
      expect(vm.tunnelStore().load('work')).assertEqual(TEXT_B);
      expect(fs.readdirSync(tunnels).sort().join(',')).assertEqual('home.conf,work.conf');
      // A second start has nothing to do.
      expect(vm.tunnelStore().recover()).assertEqual(0);
    });

    it('migration killed at every step: after restart every key is in the store exactly once and no clear text is left', 0, () => {
      let total = -1;
      let points = 0;
      for (let at = 0; total < 0 || at <= total; at++) {
        const d = fresh();
        const tunnels = path.join(d.files, 'tunnels');
        fs.mkdirSync(tunnels);
        fs.writeFileSync(path.join(tunnels, 'home.conf'), TEXT_A);
        fs.writeFileSync(path.join(tunnels, 'work.conf'), TEXT_B);
        const crash = new CrashAt(at);
        let crashed = false;
        try { new TunnelStore(d.files, new AssetSecretStore(), crash).recover(); } catch (e) { crashed = true; }
        if (!crashed) {
          total = crash.count; // every step ran: the loop has covered each one
          if (at < total) throw new Error(`no crash at step ${at} of ${total}`);
        } else if (total < 0 && at > 100) {
          throw new Error('more than 100 steps');
        }
        const restarted = new TunnelStore(d.files, new AssetSecretStore());
        restarted.recover();
        for (const k of SECRETS_USED) {
          if (assetsHolding(d.assets, k) !== 1 || filesHolding(d.files, k).length !== 0) {
            console.error(`after a crash at ${crash.steps[crash.steps.length - 1]}: ${k.slice(0, 4)}… stored ${assetsHolding(d.assets, k)}×, in ${filesHolding(d.files, k).length} files`);
          }
          expect(assetsHolding(d.assets, k)).assertEqual(1);
          expect(filesHolding(d.files, k).length).assertEqual(0);
        }
        expect(assetCount(d.assets)).assertEqual(3);
        expect(restarted.load('home')).assertEqual(TEXT_A);
        expect(restarted.load('work')).assertEqual(TEXT_B);
        expect(fs.readdirSync(tunnels).sort().join(',')).assertEqual('home.conf,work.conf');
        if (crashed) points++;
      }
      console.log(`migration: ${points} crash points (${total} steps), each recovered`);
      expect(points).assertEqual(total);
      expect(points >= 12).assertTrue();
    });

    it('migration, save and delete in a process really killed (SIGKILL) at every step: the same outcome after restart', 0, async () => {
      const script = await crashChild();
      for (const op of ['migrate', 'save', 'remove']) {
        let total = -1;
        let kills = 0;
        for (let at = 0; total < 0 || at <= total; at++) {
          const d = fresh();
          const tunnels = path.join(d.files, 'tunnels');
          const textFile = path.join(path.dirname(d.files), 'new.conf');
          fs.writeFileSync(textFile, TEXT_B);
          if (op === 'migrate') {
            fs.mkdirSync(tunnels);
            fs.writeFileSync(path.join(tunnels, 'home.conf'), TEXT_A);
            fs.writeFileSync(path.join(tunnels, 'work.conf'), TEXT_B);
          } else {
            new TunnelStore(d.files, new AssetSecretStore()).save('home', TEXT_A);
          }
          const steps = runKilled(script, op, at, d.files, textFile);
          if (steps === null) kills++; else total = steps;
          if (at > 100) throw new Error('more than 100 steps');
          const restarted = new TunnelStore(d.files, new AssetSecretStore());
          restarted.recover();
          for (const f of fs.readdirSync(tunnels)) expect(f.endsWith('.conf')).assertTrue();
          if (op === 'migrate') {
            expect(restarted.load('home')).assertEqual(TEXT_A);
            expect(restarted.load('work')).assertEqual(TEXT_B);
            for (const k of SECRETS_USED) expect(assetsHolding(d.assets, k)).assertEqual(1);
          } else {
            const text = restarted.load('home');
            const expected = text === TEXT_A ? [PRIVATE_A] : text === TEXT_B ? [PRIVATE_B, PSK_B] : [];
            expect(op === 'save' ? (text === TEXT_A || text === TEXT_B) : (text === TEXT_A || text === null)).assertTrue();
            for (const k of SECRETS_USED) expect(assetsHolding(d.assets, k)).assertEqual(expected.indexOf(k) >= 0 ? 1 : 0);
            expect(assetCount(d.assets)).assertEqual(expected.length);
          }
          for (const k of SECRETS_USED) expect(filesHolding(d.files, k).length).assertEqual(0);
        }
        console.log(`${op}: killed at each of ${kills} steps (${total} in all), each recovered`);
        expect(kills).assertEqual(total);
      }
    });

    it('save over an existing tunnel and delete, killed at every step: the keys of exactly one version remain', 0, () => {
      for (const op of ['save', 'remove']) {
        let total = -1;
        for (let at = 0; total < 0 || at <= total; at++) {
          const d = fresh();
          new TunnelStore(d.files, new AssetSecretStore()).save('home', TEXT_A);
          const crash = new CrashAt(at);
          const store = new TunnelStore(d.files, new AssetSecretStore(), crash);
          let crashed = false;
          try { if (op === 'save') store.save('home', TEXT_B); else store.remove('home'); } catch (e) { crashed = true; }
          if (!crashed) total = crash.count;
          const restarted = new TunnelStore(d.files, new AssetSecretStore());
          restarted.recover();
          const text = restarted.load('home');
          const expected = text === TEXT_A ? [PRIVATE_A] : text === TEXT_B ? [PRIVATE_B, PSK_B] : [];
          if (op === 'remove') expect(text === null || text === TEXT_A).assertTrue();
          else expect(text === TEXT_A || text === TEXT_B).assertTrue();
          for (const k of SECRETS_USED) {
            expect(assetsHolding(d.assets, k)).assertEqual(expected.indexOf(k) >= 0 ? 1 : 0);
            expect(filesHolding(d.files, k).length).assertEqual(0);
          }
          expect(assetCount(d.assets)).assertEqual(expected.length);
        }
        console.log(`${op}: ${total} crash points, each recovered`);
        expect(total >= 4).assertTrue();
      }
    });
  });
}
