// hypium-timeout: 60000
/**
 * The `import` and `export` subcommands of the CLI (issue 11.8): the store's import (a .zip included,
 * a clash saved under a new name) and export (with the keys, byte for byte; all as one zip).
 */
import { describe, it, expect } from '@ohos/hypium';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { recordOutput } from '../../tools/secret-scan.mjs';

const repo = process.cwd();
const GOOD = 'tests/host/cli/fixtures/good.conf';
const SERVER = 'tests/host/cli/fixtures/wg-quick-server.conf';

function cli(env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repo, 'tests/host/cli/cli.mjs'), ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env } });
  recordOutput(`cli-${args[0]}`, r.stdout + r.stderr);
  return r;
}

export default function cliIoTest(): void {
  describe('CLI import / export (issue 11.8)', () => {
    it('import FILE and a .zip into the store, a clash under a new name; export NAME gives the file back byte for byte; export --all a zip of every tunnel', 0, () => {
      const base = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-cli-io-'));
      const env = { HARMONYWG_FILES_DIR: path.join(base, 'files'), HARMONYWG_ASSET_DIR: path.join(base, 'asset') };
      const zip = path.join(base, 'two.zip');
      fs.writeFileSync(zip, zipSync({ 'server.conf': strToU8(fs.readFileSync(SERVER, 'utf8')), 'sub/good.conf': strToU8(fs.readFileSync(GOOD, 'utf8')) }));
      const first = cli(env, 'import', GOOD, '--json');
      expect(first.status).assertEqual(0);
      expect(JSON.stringify(JSON.parse(first.stdout).tunnels)).assertEqual('["good"]');
      const second = cli(env, 'import', zip, '--json');
      expect(second.status).assertEqual(0);
      const j = JSON.parse(second.stdout);
      expect(JSON.stringify(j.results.map((r: any) => r.name))).assertEqual('["server","good-2"]');
      expect(JSON.stringify(j.tunnels)).assertEqual('["good","good-2","server"]');
      expect(fs.readFileSync(path.join(base, 'files', 'tunnels', 'good.conf'), 'utf8').includes('@asset:')).assertTrue();

      const out = path.join(base, 'good.conf');
      const exp = cli(env, 'export', 'good', '--out', out);
      expect(exp.status).assertEqual(0);
      expect(exp.stderr.includes('private key')).assertTrue();
      expect(fs.readFileSync(out, 'utf8')).assertEqual(fs.readFileSync(GOOD, 'utf8'));
      const all = path.join(base, 'all.zip');
      expect(cli(env, 'export', '--all', '--out', all).status).assertEqual(0);
      const entries = unzipSync(new Uint8Array(fs.readFileSync(all)));
      expect(JSON.stringify(Object.keys(entries).sort())).assertEqual('["good-2.conf","good.conf","server.conf"]');
      expect(Buffer.from(entries['server.conf']).toString('utf8')).assertEqual(fs.readFileSync(SERVER, 'utf8'));

      const bad = cli(env, 'import', 'tests/host/cli/fixtures/bad.conf');
      expect(bad.status).assertEqual(1);
      expect(bad.stdout.startsWith('error: bad.conf: ')).assertTrue();
      expect(cli(env, 'export', 'nosuch', '--out', path.join(base, 'x.conf')).status).assertEqual(1);
      fs.rmSync(base, { recursive: true, force: true });
    });
  });
}
