#!/usr/bin/env node
/**
 * The HarmonyWG command line for Linux hosts: `npm run cli -- <command> [args]`.
 * A dispatcher: each subcommand is one module in tests/host/cli/commands/<name>.ts exporting
 * `run(args: string[]): Promise<number> | number` (the exit code). The module is bundled with esbuild
 * (tests/tools/bundle.mjs, so it can import the app's .ets core) into a temporary file and imported.
 * To add a subcommand, add its file and one line to COMMANDS.
 * On a fresh clone it first runs setup's npm step (`npm ci`, output on stderr) as `npm test` and
 * `npm run demo` do; if that fails it prints one line saying what to run and exits 2.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureNpmPackages } from '../../tools/setup.mjs';

/** name → [module file relative to this folder, one-line usage]. */
const COMMANDS = {
  up: ['commands/up.ts', 'up <file.conf> [--name NAME]  bring the tunnel up here through the app (until Ctrl-C)'],
  genkey: ['commands/keys.ts', 'genkey  print a new private key (as wg genkey)'],
  pubkey: ['commands/keys.ts', 'pubkey  read a private key on stdin, print its public key (as wg pubkey)'],
  fetch: ['commands/io.ts', 'fetch <URL> [--json] [--allow-http] [--timeout-ms N] [--ca FILE]  download a configuration as "Import from URL" does and check it'],
  import: ['commands/io.ts', 'import <file.conf|file.zip>... [--json]  import into the store (HARMONYWG_FILES_DIR) as the app does'],
  export: ['commands/io.ts', 'export <NAME> | --all [--out FILE]  export with the private keys, as the app does after its warning'],
  check: ['commands/check.ts', 'check <file.conf> [--json] [--api-level N] [--exclude-private] [--exclude-own-bundle]  validate a wg-quick file and show the VpnConfig'],
};

function usage(out) {
  out.write('usage: npm run cli -- <command> [args]\ncommands:\n');
  for (const [name, [, help]] of Object.entries(COMMANDS)) out.write(`  ${help.startsWith(name) ? help : name + ' ' + help}\n`);
}

const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || name === 'help') {
  usage(process.stdout);
  process.exit(name ? 0 : 2);
}
const entry = COMMANDS[name];
if (!entry) {
  process.stderr.write(`unknown command: ${name}\n`);
  usage(process.stderr);
  process.exit(2);
}
const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
try {
  ensureNpmPackages((line) => process.stderr.write(line + '\n'), ['ignore', 2, 2]);
} catch (e) {
  const why = e && e.code === 'ENOENT' ? 'npm was not found' : `npm ci failed${e && e.status ? ` (exit ${e.status})` : ''}`;
  process.stderr.write(`cli: the npm packages are not installed and ${why}: run \`npm ci\` (or \`npm run setup\`) in ${here}, then try again\n`);
  process.exit(2);
}
const { bundle, repo } = await import('../../tools/bundle.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-cli-'));
let code = 1;
try {
  const out = path.join(tmp, `${name}.mjs`);
  await bundle(path.join(repo, 'tests', 'host', 'cli', entry[0]), out);
  const mod = await import(pathToFileURL(out).href);
  code = await mod.run(['genkey', 'pubkey', 'fetch', 'import', 'export'].includes(name) ? [name, ...args] : args);
} catch (e) {
  // One line, never a stack trace (HARMONYWG_CLI_STACK=1 shows it).
  process.stderr.write(`cli ${name}: ${e && e.message ? e.message.split('\n')[0] : String(e)}\n`);
  if (process.env.HARMONYWG_CLI_STACK === '1' && e && e.stack) process.stderr.write(e.stack + '\n');
  code = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = code;
