// hypium-timeout: 60000
/**
 * Every external program that a test, the demo or the benchmark runs is installed by
 * tests/tools/setup.mjs on a fresh machine (the `nft` lesson: a command the setup never installed
 * passed here and failed on a new machine). The call sites are read by tests/tools/external-commands.mjs.
 */
import { describe, it, expect } from '@ohos/hypium';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = process.cwd();

class Use { command: string | null = null; file = ''; line = 0; why = '' }
class Scan { uses: Use[] = []; debian: Record<string, string> = {}; given: string[] = [] }

function scan(dirs: string[]): Scan {
  const r = spawnSync(process.execPath, [path.join(repo, 'tests/tools/external-commands.mjs'), '--json', ...dirs], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`external-commands.mjs failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Scan;
}

export default function externalCommandsTest(): void {
  describe('ExternalCommands', () => {
    it('every command the suites, the demo and the bench run is installed by setup (and is on PATH now)', 0, () => {
      const s = scan([]);
      const found = new Set(s.uses.filter((u) => u.command !== null).map((u) => u.command as string));
      console.log(`external commands run under tests/: ${[...found].sort().join(' ')}`);
      // The scanner must see the lab's own commands, or it is reading nothing.
      for (const c of ['ip', 'wg', 'wireguard-go', 'nft', 'ping', 'iperf3', 'curl']) expect(found.has(c)).assertTrue();
      for (const u of s.uses.filter((x) => x.command === null)) console.error(`unresolved: ${u.file}:${u.line} ${u.why}`);
      expect(s.uses.filter((x) => x.command === null).length).assertEqual(0);
      const notInstalled = [...found].filter((c) => !(c in s.debian) && !s.given.includes(c));
      for (const c of notInstalled) console.error(`not installed by tests/tools/setup.mjs: ${c}`);
      expect(notInstalled.length).assertEqual(0);
      const missing = [...found].filter((c) => spawnSync('sh', ['-c', `command -v '${c}'`]).status !== 0);
      for (const c of missing) console.error(`not on PATH after setup: ${c}`);
      expect(missing.length).assertEqual(0);
    });

    it('the scanner finds each way of running a program and reports one it cannot resolve', 0, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-cmds-'));
      fs.writeFileSync(path.join(dir, 'sample.ts'), [
        "import { spawnSync, execFile } from 'node:child_process';",
        "spawnSync('/usr/sbin/alpha', ['-x']);",
        "lab.exec(lab.phoneNs, 'beta', []);",
        "execFile('ip', ['netns', 'exec', ns, 'gamma', '-c', '1']);",
        "await execNs(ns, 'delta', []);",
        "function helper(cmd: string) { return spawnSync(cmd, []); }",
        "function runIn(lab: L, ns: string, cmd: string) { return lab.spawn(ns, cmd, []); }",
        "runIn(lab, ns, 'epsilon');",
        "const re = /x/; re.exec('not a command');",
      ].join('\n'));
      const s = scan([dir]);
      fs.rmSync(dir, { recursive: true, force: true });
      const names = s.uses.map((u) => u.command === null ? `?${u.why}` : u.command).sort();
      expect(JSON.stringify(names)).assertEqual(JSON.stringify(['?spawnSync() with command cmd', 'alpha', 'beta', 'delta', 'epsilon', 'gamma', 'ip']));
    });
  });
}
