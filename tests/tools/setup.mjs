#!/usr/bin/env node
/**
 * Installs what the tests, the main job and the benchmark need on a fresh Debian machine:
 * the npm packages (npm ci when node_modules is missing or stale) and, when running as root, the
 * Debian packages wireguard-go, wireguard-tools, iproute2, iperf3, iputils-ping.
 * Uses only Node's standard library so it can run before `npm ci`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const need = { 'wireguard-go': 'wireguard-go', wg: 'wireguard-tools', ip: 'iproute2', iperf3: 'iperf3', ping: 'iputils-ping' };

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const lock = path.join(repo, 'package-lock.json');
const stamp = path.join(repo, 'node_modules', '.package-lock.json');
if (!fs.existsSync(stamp) || fs.statSync(stamp).mtimeMs < fs.statSync(lock).mtimeMs) {
  console.log('setup: npm ci');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repo, stdio: 'inherit' });
}

const missing = Object.keys(need).filter((c) => !have(c)).map((c) => need[c]);
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
