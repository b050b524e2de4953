/**
 * No import cycles in the platform-free core (issue 14 item 8: `Peer.ets` ↔ `Engine.ets`): every relative
 * import (including `export … from`) of entry/src/main/ets/core is followed; a cycle is reported with its
 * path.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import path from 'node:path';

const repo = process.cwd();
const root = path.join(repo, 'entry/src/main/ets/core');

function files(dir: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) files(p, out);
    else if (name.endsWith('.ets')) out.push(p);
  }
  return out;
}

/** The .ets files that `file` imports or re-exports through relative paths. */
function relativeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /^\s*(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const target = path.resolve(path.dirname(file), m[1] + '.ets');
    if (fs.existsSync(target)) out.push(target);
  }
  return out;
}

/** Every elementary cycle found by depth-first search, each as a list of repo-relative paths. */
export function findCycles(all: string[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const f of all) graph.set(f, relativeImports(f));
  const state = new Map<string, number>(); // 1 = on the stack, 2 = done
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (f: string): void => {
    state.set(f, 1);
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 1) {
        cycles.push([...stack.slice(stack.indexOf(g)), g].map((p) => path.relative(repo, p)));
      } else if (state.get(g) === undefined) {
        visit(g);
      }
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of all) if (state.get(f) === undefined) visit(f);
  return cycles;
}

export default function importCyclesTest(): void {
  describe('ImportCycles', () => {
    it('no import cycle among the core modules (Peer.ets and Engine.ets used to import each other)', 0, () => {
      const all = files(root);
      expect(all.length > 15).assertTrue();
      // The scanner sees imports at all: Engine.ets imports Peer.ets.
      const engine = path.join(root, 'wireguard/Engine.ets');
      expect(relativeImports(engine).includes(path.join(root, 'wireguard/Peer.ets'))).assertTrue();
      const cycles = findCycles(all);
      for (const c of cycles) console.error(`import cycle: ${c.join(' → ')}`);
      expect(cycles.length).assertEqual(0);
    });
  });
}
