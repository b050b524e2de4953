#!/usr/bin/env node
/**
 * The test command: the lint gate, then every hypium suite, each suite file in its own Node process.
 *   - entry/src/test/List.test.ets (the local unit tests DevEco runs with hvigor), bundled with esbuild;
 *   - every tests/**\/*.test.ts (Node-side suites: tool self-tests, end-to-end, host runtime).
 * Usage: node tests/tools/run-tests.mjs [--no-lint] [SUITE_FILE...]
 * A suite file may raise the per-case time limit with a comment line `// hypium-timeout: MS`.
 * Ends with the line `N passed, N failed` (`, N skipped` when any); exits 1 on any failure.
 *
 * The secret scan (tests/tools/secret-scan.mjs): every suite's stdout and stderr, and what the suites
 * record (phone agent and VPN process stderr, CLI runs), are scanned for the keys the test sources
 * declare and the keys declared at run time; each hit is one failure (`ERROR secret scan: …`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundle, repo } from './bundle.mjs';
import { walk } from './lint.mjs';
import { declaredSecrets, fixtureSecrets, scanOutputs, SCAN_DIR_ENV } from './secret-scan.mjs';

const args = process.argv.slice(2);
const noLint = args.includes('--no-lint');
let files = args.filter((a) => !a.startsWith('--')).map((f) => path.resolve(f));
if (files.length === 0) {
  files = [path.join(repo, 'entry/src/test/List.test.ets'), path.join(repo, 'entry/src/ohosTest/ets/test/List.test.ets'), ...walk(path.join(repo, 'tests'), ['.test.ts'])];
}

/** Runs a process, echoing its output; with `log`, stdout and stderr are also appended to that file. */
function run(cmd, argv, opts = {}, log = null) {
  return new Promise((resolve) => {
    const p = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    p.stdout.on('data', (d) => { out += d; if (log) fs.appendFileSync(log, d); process.stdout.write(String(d).replace(/^__HYPIUM_RESULT__ .*\n?/m, '')); });
    p.stderr.on('data', (d) => { if (log) fs.appendFileSync(log, d); process.stderr.write(d); });
    p.on('close', (code, signal) => resolve({ code: code === null ? 1 : code, signal, out }));
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;

if (!noLint) {
  console.log('== lint (ArkTS linter 1.1, strict type check against @arkts/declarations + types/ohos, compatibility check)');
  const r = await run(process.execPath, [path.join(repo, 'tests/tools/lint.mjs')]);
  if (r.code !== 0) { console.log('ERROR lint gate failed'); failed++; }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-tests-'));
const scanDir = path.join(tmp, 'scan');
fs.mkdirSync(scanDir);
for (const file of files) {
  const rel = path.relative(repo, file);
  console.log(`== ${rel}`);
  if (!fs.existsSync(file)) { console.log(`ERROR ${rel}: does not build: no such file`); failed++; continue; }
  const m = /^\s*\/\/\s*hypium-timeout:\s*(\d+)/m.exec(fs.readFileSync(file, 'utf8'));
  const timeout = m ? Number(m[1]) : 5000;
  const out = path.join(tmp, rel.replace(/[\/\\]/g, '_') + '.mjs');
  const contents = `
import { runHypium } from ${JSON.stringify(path.join(repo, 'tests/tools/hypium-node.mjs'))};
import suite from ${JSON.stringify(file)};
console.info = () => {}; console.debug = () => {};
const r = await runHypium([suite], ${timeout});
process.stdout.write('__HYPIUM_RESULT__ ' + r.passed + ' ' + r.failed + ' ' + r.skipped + '\\n');
process.exit(r.failed > 0 ? 1 : 0);
`;
  try {
    await bundle({ contents, resolveDir: path.dirname(file) }, out);
  } catch (e) {
    console.log(`ERROR ${rel}: does not build: ${e.message}`);
    failed++;
    continue;
  }
  const log = path.join(scanDir, rel.replace(/[\/\\]/g, '_') + '.out');
  const r = await run(process.execPath, ['--enable-source-maps', out], { cwd: repo, env: { ...process.env, [SCAN_DIR_ENV]: scanDir } }, log);
  const res = /__HYPIUM_RESULT__ (\d+) (\d+) (\d+)/.exec(r.out);
  if (!res) {
    console.log(`ERROR ${rel}: the suite process ended without a result (exit ${r.code}${r.signal ? ', ' + r.signal : ''})`);
    failed++;
    continue;
  }
  passed += Number(res[1]);
  failed += Number(res[2]);
  skipped += Number(res[3]);
  if (r.code !== 0 && Number(res[2]) === 0) { console.log(`ERROR ${rel}: exit ${r.code}`); failed++; }
}
const secrets = new Map([...fixtureSecrets(repo), ...declaredSecrets(scanDir)]);
const scan = scanOutputs(scanDir, secrets);
for (const h of scan.hits) {
  console.log(`ERROR secret scan: ${h.output} holds the key ${h.key} (${h.form}; ${h.where})`);
  failed++;
}
console.log(`secret scan: ${scan.keys} keys over ${scan.outputs} outputs (${scan.bytes} bytes): ${scan.hits.length} hits`);
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(failed > 0 ? 1 : 0);
