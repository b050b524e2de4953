/**
 * The host bundling of target source sets: `entry/<file>` resolves to the public target's source set
 * (entry/src/default) unless HWG_TARGET names another (`system` → entry/src/system), and an unknown
 * file is a clear build error naming the expected path.
 */
import { describe, it, expect } from '@ohos/hypium';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = process.cwd();

function runWith(target: string | undefined, source: string): { status: number | null; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-bundle-'));
  const file = path.join(dir, 'probe.ts');
  fs.writeFileSync(file, source);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (target === undefined) delete env.HWG_TARGET; else env.HWG_TARGET = target;
  const r = spawnSync(process.execPath, [path.join(repo, 'tests/tools/run-ts.mjs'), file], { cwd: repo, encoding: 'utf8', env });
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, out: r.stdout + r.stderr };
}

const PROBE = "import { alwaysOnApi } from 'entry/AlwaysOnProvider';\nconsole.log(`always-on api: ${alwaysOnApi() === null ? 'none' : 'present'}`);\n";

export default function bundleTest(): void {
  describe('BundleTargets', () => {
    it('bundles entry/AlwaysOnProvider from the public source set by default and from the system one with HWG_TARGET=system', 0, () => {
      const pub = runWith(undefined, PROBE);
      expect(pub.status).assertEqual(0);
      expect(pub.out.includes('always-on api: none')).assertTrue();
      const sys = runWith('system', PROBE);
      expect(sys.status).assertEqual(0);
      expect(sys.out.includes('always-on api: present')).assertTrue();
    });
    it('names the missing file of a target source set', 0, () => {
      const r = runWith(undefined, "import { x } from 'entry/NoSuchFile';\nconsole.log(x);\n");
      expect(r.status).assertEqual(2);
      expect(r.out.includes('target default has no entry/NoSuchFile (expected entry/src/default/NoSuchFile.ets)')).assertTrue();
    });
  });
}
