#!/usr/bin/env node
/**
 * Runs a TypeScript entry point (which may import `.ets` app sources and `@kit.*`) on Node: bundles it
 * with esbuild like the tests, runs it with the remaining arguments, and exits with its exit code.
 * Usage: node tests/tools/run-ts.mjs FILE.ts [ARGS...]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundle, repo } from './bundle.mjs';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: run-ts.mjs FILE.ts [ARGS...]');
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-run-'));
const out = path.join(dir, path.basename(file).replace(/\.(ts|ets)$/, '') + '.mjs');
try {
  await bundle(path.resolve(file), out);
} catch (e) {
  console.error(`cannot build ${file}: ${e.message}`);
  process.exit(2);
}
const child = spawn(process.execPath, ['--enable-source-maps', out, ...args], { stdio: 'inherit', cwd: repo });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code === null ? (signal === 'SIGINT' ? 130 : 143) : code);
});
