/**
 * Comments cite public sources only (paper section, RFC, API reference with @since, a public
 * repository's file), never notes that live outside this repository (issue 14 item 8): a reader of
 * the repository cannot open those.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import path from 'node:path';

const repo = process.cwd();
/** References to notes kept outside the repository. */
const OUTSIDE = /\/work\/shared|\.\.\/shared\/|platform-notes|wireguard-notes|\bshared\/(design|testdata)/;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === 'oh_modules' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ets|ts|mjs|js|json5|md)$/.test(name)) out.push(p);
  }
  return out;
}

export default function publicSourcesTest(): void {
  describe('PublicSources', () => {
    it('no source, test, declaration or README cites notes outside the repository', 0, () => {
      const files = ['entry', 'tests', 'types', 'AppScope'].flatMap((d) => (fs.existsSync(path.join(repo, d)) ? walk(path.join(repo, d)) : []));
      files.push(path.join(repo, 'README.md'));
      const self = path.join(repo, 'tests/project/public-sources.test.ts');
      const hits: string[] = [];
      for (const f of files) {
        if (f === self) continue;
        fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
          if (OUTSIDE.test(line)) hits.push(`${path.relative(repo, f)}:${i + 1}: ${line.trim()}`);
        });
      }
      for (const h of hits) console.error(h);
      console.log(`${files.length} files read`);
      expect(files.length > 50).assertTrue();
      expect(hits.length).assertEqual(0);
    });
  });
}
