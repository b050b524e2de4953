/**
 * The host Asset Store's own fidelity (tests/host/kits/AssetStoreKit.ts): the store's codes for a
 * duplicate or missing alias and bad lengths, RETURN_TYPE, and a directory of its own beside the files
 * dir (0700) with one 0600 file per asset.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asset } from './kits/AssetStoreKit';
import { hostRuntime } from './runtime';

function fresh(): { files: string; assets: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-asset-'));
  const files = path.join(base, 'files');
  fs.mkdirSync(files);
  process.env.HARMONYWG_ASSET_DIR = path.join(base, 'asset');
  return { files, assets: path.join(base, 'asset') };
}

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir).map((n) => path.join(dir, n));
}

function aliasMap(alias: string): asset.AssetMap {
  const m: asset.AssetMap = new Map();
  m.set(asset.Tag.ALIAS, new Uint8Array(Buffer.from(alias)));
  return m;
}

function codeOf(f: () => void): number {
  try { f(); } catch (e) { return (e as { code: number }).code; }
  return 0;
}

export default function hostAssetTest(): void {
  describe('HostAssetStore', () => {
    it('host Asset Store: 24000003 for a duplicate alias, 24000002 for a missing one, 401 for bad lengths', 0, () => {
      fresh();
      const m = aliasMap('a');
      m.set(asset.Tag.SECRET, new Uint8Array([1, 2, 3]));
      asset.addSync(m);
      expect(codeOf(() => asset.addSync(m))).assertEqual(24000003);
      expect(codeOf(() => asset.querySync(aliasMap('missing')))).assertEqual(24000002);
      expect(codeOf(() => asset.removeSync(aliasMap('missing')))).assertEqual(24000002);
      const long = aliasMap('x'.repeat(257));
      long.set(asset.Tag.SECRET, new Uint8Array([1]));
      expect(codeOf(() => asset.addSync(long))).assertEqual(401);
      const big = aliasMap('big');
      big.set(asset.Tag.SECRET, new Uint8Array(1025));
      expect(codeOf(() => asset.addSync(big))).assertEqual(401);
      const noSecret = aliasMap('none');
      expect(codeOf(() => asset.addSync(noSecret))).assertEqual(401);
      // Without RETURN_TYPE ALL the secret does not come back.
      expect(asset.querySync(aliasMap('a'))[0].has(asset.Tag.SECRET)).assertFalse();
      const all = aliasMap('a');
      all.set(asset.Tag.RETURN_TYPE, asset.ReturnType.ALL);
      expect(Array.from(asset.querySync(all)[0].get(asset.Tag.SECRET) as Uint8Array).join(',')).assertEqual('1,2,3');
      asset.removeSync(aliasMap('a'));
      expect(codeOf(() => asset.querySync(aliasMap('a')))).assertEqual(24000002);
    });

    it('host Asset Store: its own directory (0700) beside the files dir, one 0600 file per asset', 0, () => {
      const d = fresh();
      const m = aliasMap('harmonywg/t/1');
      m.set(asset.Tag.SECRET, new Uint8Array(32).fill(7));
      asset.addSync(m);
      const owner = path.join(d.assets, hostRuntime().bundleName);
      expect((fs.statSync(d.assets).mode & 0o777).toString(8)).assertEqual('700');
      expect((fs.statSync(owner).mode & 0o777).toString(8)).assertEqual('700');
      const files = allFiles(owner);
      expect(files.length).assertEqual(1);
      expect((fs.statSync(files[0]).mode & 0o777).toString(8)).assertEqual('600');
      expect(path.relative(d.files, d.assets).startsWith('..')).assertTrue();
    });
  });
}
