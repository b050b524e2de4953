#!/usr/bin/env node
/**
 * The HarmonyWG command line for Linux hosts: `npm run cli -- <command> [args]`.
 * A dispatcher: each subcommand is one module in tests/host/cli/commands/<name>.ts exporting
 * `run(args: string[]): Promise<number> | number` (the exit code). The module is bundled with esbuild
 * (tests/tools/bundle.mjs, so it can import the app's .ets core) into a temporary file and imported.
 * To add a subcommand, add its file and one line to COMMANDS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle, repo } from '../../tools/bundle.mjs';

/** name → [module file relative to this folder, one-line usage]. */
const COMMANDS = {
  up: ['commands/up.ts', 'up <file.conf> [--name NAME]  bring the tunnel up here through the app (until Ctrl-C)'],
  genkey: ['commands/keys.ts', 'genkey  print a new private key (as wg genkey)'],
  pubkey: ['commands/keys.ts', 'pubkey  read a private key on stdin, print its public key (as wg pubkey)'],
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
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-cli-'));
let code = 1;
try {
  const out = path.join(tmp, `${name}.mjs`);
  await bundle(path.join(repo, 'tests', 'host', 'cli', entry[0]), out);
  const mod = await import(pathToFileURL(out).href);
  code = await mod.run(name === 'genkey' || name === 'pubkey' ? [name, ...args] : args);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = code;
