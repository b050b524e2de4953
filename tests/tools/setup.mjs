#!/usr/bin/env node
/**
 * Installs what the tests, the main job and the benchmark need on a fresh Debian machine:
 * the npm packages (npm ci when node_modules is missing or stale) and, when running as root, every
 * Debian package in DEBIAN_COMMANDS whose command is missing.
 * Uses only Node's standard library so it can run before `npm ci`.
 *
 * DEBIAN_COMMANDS is the one list of external commands that anything under tests/ may run, with the
 * Debian package that provides each. tests/project/external-commands.test.ts reads every call site
 * that runs a program and fails when a command is not listed here.
 * Usage: node tests/tools/setup.mjs   (import it for DEBIAN_COMMANDS without side effects: see main())
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** command name → Debian package that provides it (bookworm). */
export const DEBIAN_COMMANDS = Object.freeze({
  'wireguard-go': 'wireguard-go',
  wg: 'wireguard-tools',
  ip: 'iproute2',
  ss: 'iproute2',
  tc: 'iproute2',
  iperf3: 'iperf3',
  ping: 'iputils-ping',
  nft: 'nftables',
  curl: 'curl',
  openssl: 'openssl',
  getconf: 'libc-bin',
  sh: 'dash',
});

/** Commands the machine kind provides without Debian packages (Node 20 with npm; apt itself). */
export const GIVEN_COMMANDS = Object.freeze(['node', 'npm', 'apt-get']);

export function have(cmd) {
  return spawnSync('sh', ['-c', `command -v '${cmd}'`], { stdio: 'ignore' }).status === 0;
}

/**
 * The npm step of the setup: `npm ci` when node_modules is missing or older than package-lock.json.
 * `log` gets the one progress line; npm's own output goes to `stdio` (e.g. ['ignore', 2, 2] to keep
 * stdout clean). Returns true when npm ran; throws when it failed. Used by main() and the CLI.
 */
export function ensureNpmPackages(log = console.log, stdio = 'inherit') {
  const lock = path.join(repo, 'package-lock.json');
  const stamp = path.join(repo, 'node_modules', '.package-lock.json');
  if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= fs.statSync(lock).mtimeMs) return false;
  log('setup: npm ci');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repo, stdio });
  return true;
}

function main() {
  ensureNpmPackages();

  const missing = [...new Set(Object.keys(DEBIAN_COMMANDS).filter((c) => !have(c)).map((c) => DEBIAN_COMMANDS[c]))];
  if (missing.length > 0) {
    if (process.getuid && process.getuid() !== 0) {
      console.log(`setup: missing ${missing.join(', ')}; run as root to install them (apt-get)`);
      return;
    }
    console.log(`setup: apt-get install ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
