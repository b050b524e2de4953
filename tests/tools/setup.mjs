#!/usr/bin/env node
/**
 * Installs what the tests, the main job and the benchmark need on a fresh Debian machine:
 * the npm packages (npm ci when node_modules is missing or stale) and, when running as root, every
 * Debian package in DEBIAN_COMMANDS whose command is missing; then it builds the native packet-I/O
 * module (entry/src/main/cpp, node-gyp) when its build is missing or stale.
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
  // The native packet-I/O module (entry/src/main/cpp) is built by node-gyp: python3, make, a C compiler
  // and g++ (node-gyp links addons with it); nm lists the symbols the built object imports.
  python3: 'python3',
  make: 'make',
  cc: 'gcc',
  'g++': 'g++',
  nm: 'binutils',
});

/** The native module's sources and where node-gyp puts the build (relative to the repository). */
export const NATIVE_DIR = path.join('entry', 'src', 'main', 'cpp');
export const NATIVE_BUILD = path.join(NATIVE_DIR, 'build', 'Release', 'harmonywg_io.node');

/**
 * npm's bundled node-gyp (npm runs scripts with npm_config_node_gyp set; else next to this Node's npm).
 * Run with --nodedir = this Node's install prefix: the headers come from the local install, nothing is
 * downloaded (only npm's and Debian's registries are reachable from these machines).
 */
function nodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && fs.existsSync(fromNpm)) return fromNpm;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return path.join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
}

/** Builds the native module when its build is missing or older than a source. */
export function buildNative() {
  const dir = path.join(repo, NATIVE_DIR);
  const out = path.join(repo, NATIVE_BUILD);
  const sources = fs.readdirSync(dir).filter((f) => /\.(c|h|gyp)$/.test(f)).map((f) => path.join(dir, f));
  const newest = Math.max(...sources.map((f) => fs.statSync(f).mtimeMs));
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= newest) return;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  console.log(`setup: node-gyp rebuild in ${NATIVE_DIR} (headers from ${prefix}/include/node)`);
  execFileSync(process.execPath, [nodeGyp(), 'rebuild', `--nodedir=${prefix}`, '--loglevel=warn'], { cwd: dir, stdio: 'inherit' });
}

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
    } else {
      console.log(`setup: apt-get install ${missing.join(' ')}`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
    }
  }
  buildNative();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
