// hypium-timeout: 120000
/** The lint gate's own behaviour: `any` inserted into any .ets file makes it fail, naming the rule. */
import { describe, it, expect } from '@ohos/hypium';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = process.cwd();

function etsFiles(dir: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) etsFiles(p, out);
    else if (name.endsWith('.ets')) out.push(p);
  }
  return out;
}

export default function lintTest(): void {
  describe('LintGate', () => {
    it('fails on `let x: any = 1` inserted into every .ets file, naming arkts-no-any-unknown at each', 0, () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-lint-'));
      const files = etsFiles(path.join(repo, 'entry/src'));
      const args: string[] = [path.join(repo, 'tests/tools/lint.mjs')];
      files.forEach((f, i) => {
        const copy = path.join(tmp, `${i}.ets`);
        fs.writeFileSync(copy, fs.readFileSync(f, 'utf8') + '\nlet x: any = 1;\n');
        args.push('--override', `${path.relative(repo, f)}=${copy}`);
      });
      const r = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8' });
      fs.rmSync(tmp, { recursive: true, force: true });
      expect(r.status).assertEqual(1);
      const flagged = r.stdout.split('\n').filter((l) => l.includes(' arkts-no-any-unknown '));
      for (const f of files) {
        const rel = path.relative(repo, f);
        const hit = flagged.some((l) => l.startsWith(rel + ':'));
        if (!hit) console.error(`not flagged: ${rel}`);
        expect(hit).assertTrue();
      }
    });
    it('reports problems as file:line:col rule message', 0, () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-lint-'));
      const target = 'entry/src/main/ets/core/crypto/Keys.ets';
      const copy = path.join(tmp, 'k.ets');
      const lines = fs.readFileSync(path.join(repo, target), 'utf8').split('\n');
      fs.writeFileSync(copy, lines.join('\n') + '\nconst point = { x: 1 };\nexport const y: number = point.x;\n');
      const r = spawnSync(process.execPath, [path.join(repo, 'tests/tools/lint.mjs'), '--override', `${target}=${copy}`, target], { cwd: repo, encoding: 'utf8' });
      fs.rmSync(tmp, { recursive: true, force: true });
      expect(r.status).assertEqual(1);
      expect(r.stdout.includes(`${target}:${lines.length + 1}:15 arkts-no-untyped-obj-literals `)).assertTrue();
    });
    it('passes an untouched file', 0, () => {
      const r = spawnSync(process.execPath, [path.join(repo, 'tests/tools/lint.mjs'), 'entry/src/main/ets/core/crypto/Keys.ets'], { cwd: repo, encoding: 'utf8' });
      expect(r.status).assertEqual(0);
      expect(r.stdout.includes(', 0 errors,')).assertTrue();
    });
  });
}
