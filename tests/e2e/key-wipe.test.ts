// hypium-timeout: 90000
/**
 * Keys in memory, end to end (issue 13.5): a TunnelSession run in its own process in the phone
 * namespace against wireguard-go, over every way a run ends — Stop after the handshake, a tun failure,
 * a start that fails before the socket (endpoint unresolved) and after it (no Address), a key the
 * keystore lost — and every buffer that held key material is zero afterwards. Also: Start reads the
 * keys from the Asset Store (the tunnel file holds references only) and a lost key fails the start as
 * KEY_UNAVAILABLE with the store's code, not as a missing tunnel.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import path from 'node:path';
import { NetnsLab } from './netns';
import { note } from './scenario';
import { recordOutput } from '../tools/secret-scan.mjs';

interface Report { state: string; problem: string; detail: string; buffers: number; nonZeroBefore: number; nonZeroAfter: number }

let script: Promise<string> | null = null;
function bundled(): Promise<string> {
  if (script === null) {
    script = (async () => {
      const tool = await import(/* external */ path.join(process.cwd(), 'tests/tools/bundle.mjs'));
      const out = path.join(fs.mkdtempSync('/tmp/hwg-session-keys-'), 'session-keys.mjs');
      await tool.bundle(path.join(process.cwd(), 'tests/e2e/session-keys.ts'), out);
      return out;
    })();
  }
  return script;
}

async function run(lab: NetnsLab, mode: string, text: string): Promise<Report> {
  const dir = fs.mkdtempSync(path.join(lab.dir, `${mode}-`));
  const conf = path.join(dir, 'lab.conf');
  fs.writeFileSync(conf, text, { mode: 0o600 });
  const child = lab.spawnNode(lab.phoneNs, await bundled(), [mode, conf], {
    HARMONYWG_FILES_DIR: path.join(dir, 'files'), HARMONYWG_STATE_DIR: path.join(dir, 'state'), HARMONYWG_ASSET_DIR: path.join(dir, 'asset'),
    HARMONYWG_LOG: 'debug', // every hilog line goes to the secret scan
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const code = await new Promise<number>((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, 60000);
    child.once('exit', (c) => { clearTimeout(timer); resolve(c === null ? -1 : c); });
  });
  recordOutput(`session-keys-${mode}`, out + err);
  if (code !== 0) throw new Error(`session-keys ${mode} exited ${code}: ${err.slice(-1500)}`);
  const tunnelFile = fs.readFileSync(path.join(dir, 'files', 'tunnels', 'lab.conf'), 'utf8');
  expect(tunnelFile.includes('@asset:harmonywg/lab/')).assertTrue();
  expect(tunnelFile.includes(lab.wg!.clientPrivateKey)).assertFalse();
  const r = JSON.parse(out.trim().split('\n').pop() as string) as Report;
  note(`${mode}: ${r.state}${r.problem !== 'NONE' ? ' ' + r.problem : ''}; ${r.nonZeroBefore} of ${r.buffers} key buffers non-zero during the run, ${r.nonZeroAfter} after it ended`);
  return r;
}

export default function keyWipeTest(): void {
  describe('E2E keys in memory', () => {
    it('every way a run ends leaves every key buffer zero; Start reads the keys from the Asset Store', 0, async () => {
      const lab = await NetnsLab.create();
      try {
        await lab.startWireguard();
        const good = lab.clientConfig();
        const connected = await run(lab, 'connected', good);
        expect(connected.state).assertEqual('CONNECTED');
        expect(connected.nonZeroBefore >= 5).assertTrue(); // static, psk, engine copies, the keypair's two keys
        expect(connected.nonZeroAfter).assertEqual(0);

        const tunError = await run(lab, 'tun-error', good);
        expect(tunError.problem).assertEqual('TUN_IO_FAILED');
        expect(tunError.nonZeroBefore >= 5).assertTrue();
        expect(tunError.nonZeroAfter).assertEqual(0);

        const unresolved = await run(lab, 'unresolved', good.replace(/^Endpoint = .*$/m, 'Endpoint = nonexistent.invalid:51820'));
        expect(unresolved.problem).assertEqual('ENDPOINT_UNRESOLVED');
        expect(unresolved.buffers >= 2).assertTrue();
        expect(unresolved.nonZeroAfter).assertEqual(0);

        const noAddress = await run(lab, 'no-address', good.replace(/^Address = .*\n/m, ''));
        expect(noAddress.state).assertEqual('FAILED');
        expect(noAddress.buffers >= 2).assertTrue();
        expect(noAddress.nonZeroAfter).assertEqual(0);

        const lost = await run(lab, 'key-missing', good);
        expect(lost.problem).assertEqual('KEY_UNAVAILABLE');
        expect(lost.detail).assertEqual('24000002');
        expect(lost.buffers).assertEqual(0);
      } finally {
        await lab.close();
      }
    });
  });
}
