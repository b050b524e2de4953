/**
 * The OpenHarmony project files: every JSON5 parses; module.json5 declares one VPN extension ability
 * whose srcEntry exists; the EntryAbility and main page exist; every resource a manifest names exists;
 * English and Simplified Chinese strings have the same names.
 */
import { describe, it, expect } from '@ohos/hypium';
import JSON5 from 'json5';
import fs from 'node:fs';
import path from 'node:path';

const repo = process.cwd();

function files(dir: string, ext: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir)) {
    if (name === 'node_modules' || name === 'oh_modules' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) files(p, ext, out);
    else if (name.endsWith(ext)) out.push(p);
  }
  return out;
}

function readJson5(rel: string): any {
  return JSON5.parse(fs.readFileSync(path.join(repo, rel), 'utf8'));
}

function stringNames(rel: string): Set<string> {
  const j = JSON.parse(fs.readFileSync(path.join(repo, rel), 'utf8'));
  return new Set(j.string.map((s: any) => s.name));
}

export default function manifestTest(): void {
  describe('ProjectManifest', () => {
    it('parses every JSON5 and resource JSON file', 0, () => {
      const all = [...files(repo, '.json5'), ...files(path.join(repo, 'entry/src'), '.json'), ...files(path.join(repo, 'AppScope'), '.json')];
      expect(all.length > 8).assertTrue();
      for (const f of all) {
        let ok = true;
        try { JSON5.parse(fs.readFileSync(f, 'utf8')); } catch (e) { ok = false; console.error(`does not parse: ${f}: ${e}`); }
        expect(ok).assertTrue();
      }
    });

    it('declares exactly one VPN extension ability whose srcEntry exists', 0, () => {
      const m = readJson5('entry/src/main/module.json5').module;
      const vpn = (m.extensionAbilities || []).filter((e: any) => e.type === 'vpn');
      expect(vpn.length).assertEqual(1);
      expect(fs.existsSync(path.join(repo, 'entry/src/main', vpn[0].srcEntry))).assertTrue();
      expect(m.requestPermissions.some((p: any) => p.name === 'ohos.permission.INTERNET')).assertTrue();
    });

    it('has the EntryAbility source and the main page it loads', 0, () => {
      const m = readJson5('entry/src/main/module.json5').module;
      const entry = m.abilities.find((a: any) => a.name === m.mainElement);
      expect(entry !== undefined).assertTrue();
      expect(fs.existsSync(path.join(repo, 'entry/src/main', entry.srcEntry))).assertTrue();
      const pagesProfile = m.pages.replace('$profile:', '');
      const pages = JSON.parse(fs.readFileSync(path.join(repo, 'entry/src/main/resources/base/profile', pagesProfile + '.json'), 'utf8')).src;
      expect(pages.length > 0).assertTrue();
      for (const p of pages) expect(fs.existsSync(path.join(repo, 'entry/src/main/ets', p + '.ets'))).assertTrue();
      const ability = fs.readFileSync(path.join(repo, 'entry/src/main', entry.srcEntry), 'utf8');
      expect(ability.includes(`'${pages[0]}'`)).assertTrue();
    });

    it('names only resources that exist, in every language', 0, () => {
      const checks: Array<[string, string]> = [['AppScope/app.json5', 'AppScope/resources'], ['entry/src/main/module.json5', 'entry/src/main/resources']];
      for (const [manifest, res] of checks) {
        const text = fs.readFileSync(path.join(repo, manifest), 'utf8');
        for (const m of text.matchAll(/\$(string|media|color):([A-Za-z0-9_]+)/g)) {
          if (m[1] === 'string') {
            for (const loc of ['base', 'en_US', 'zh_CN']) {
              const has = stringNames(`${res}/${loc}/element/string.json`).has(m[2]);
              if (!has) console.error(`${manifest}: ${m[0]} missing in ${loc}`);
              expect(has).assertTrue();
            }
          } else if (m[1] === 'media') {
            expect(fs.existsSync(path.join(repo, res, 'base/media', m[2] + '.png'))).assertTrue();
          } else {
            const colors = JSON.parse(fs.readFileSync(path.join(repo, res, 'base/element/color.json'), 'utf8')).color.map((c: any) => c.name);
            expect(colors.includes(m[2])).assertTrue();
          }
        }
      }
    });

    it('has the same string names in base, en_US and zh_CN', 0, () => {
      for (const res of ['AppScope/resources', 'entry/src/main/resources']) {
        const base = [...stringNames(`${res}/base/element/string.json`)].sort();
        expect(JSON.stringify([...stringNames(`${res}/en_US/element/string.json`)].sort())).assertEqual(JSON.stringify(base));
        expect(JSON.stringify([...stringNames(`${res}/zh_CN/element/string.json`)].sort())).assertEqual(JSON.stringify(base));
      }
    });
  });
}
