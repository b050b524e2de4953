// hypium-timeout: 60000
/**
 * The `check` subcommand of the CLI: exit codes, the error line, the warnings (stderr and `--json`),
 * the JSON shapes, and a fresh clone (no node_modules) as the first command.
 */
import { describe, it, expect } from '@ohos/hypium';
import { spawnSync } from 'node:child_process';
import { recordOutput } from '../../tools/secret-scan.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = process.cwd();

/** Runs the CLI; its stdout and stderr go to the secret scan. */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repo, 'tests/host/cli/cli.mjs'), ...args], { cwd: repo, encoding: 'utf8' });
  recordOutput(`cli-${args[0]}`, r.stdout + r.stderr);
  return r;
}

const GOOD = 'tests/host/cli/fixtures/good.conf';
const BAD = 'tests/host/cli/fixtures/bad.conf';
const SERVER = 'tests/host/cli/fixtures/wg-quick-server.conf';
const V4_ONLY = 'tests/host/cli/fixtures/ipv4-only-full.conf';

function warningLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('warning: '));
}

/** A copy of the repository's sources without node_modules (what `git clone` gives). */
function freshClone(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-clone-'));
  fs.cpSync(repo, dir, {
    recursive: true,
    filter: (src: string) => {
      const rel = path.relative(repo, src);
      return rel !== 'node_modules' && rel !== '.git' && !rel.startsWith('node_modules' + path.sep);
    },
  });
  return dir;
}

/** A directory holding a stand-in `npm` (a Node script) that runs `body` with argv and cwd. */
function fakeNpm(body: string): string {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-npm-'));
  fs.writeFileSync(path.join(bin, 'npm'), `#!${process.execPath}\n${body}\n`, { mode: 0o755 });
  return bin;
}

function cliIn(dir: string, bin: string, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(dir, 'tests/host/cli/cli.mjs'), ...args], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
  });
}

export default function cliCheckTest(): void {
  describe('CliCheck', () => {
    it('exits 0 and prints the VpnConfig and each peer for a good file', 0, () => {
      const r = cli('check', GOOD);
      expect(r.status).assertEqual(0);
      expect(r.stdout.includes('"interface": "vpn-tun"')).assertTrue();
      expect(r.stdout.includes('endpoint: vpn.example.com:51820')).assertTrue();
      expect(r.stdout.includes('allowedIPs: 0.0.0.0/0, ::/0')).assertTrue();
      expect(r.stdout.includes('PrivateKey')).assertFalse();
      expect(warningLines(r.stderr).length).assertEqual(0);
    });

    it('exits 1 with one error line for a bad file (a key no WireGuard tool knows)', 0, () => {
      const r = cli('check', BAD);
      expect(r.status).assertEqual(1);
      expect(r.stdout).assertEqual('error: UNKNOWN_ATTRIBUTE in Interface Jc: "Jc = 4"\n');
    });

    it('a wg-quick server file: the VpnConfig, and one warning per wg-quick-only key (stderr and --json)', 0, () => {
      const r = cli('check', SERVER);
      expect(r.status).assertEqual(0);
      expect(r.stdout.startsWith('VpnConfig (passed to VpnConnection.create()):\n')).assertTrue();
      expect(r.stdout.includes('"address": "10.8.0.2"')).assertTrue();
      const lines = warningLines(r.stderr);
      console.log(lines.join('\n'));
      expect(lines.length).assertEqual(4);
      const keys = ['Table', 'PostUp', 'PreDown', 'SaveConfig'];
      for (let i = 0; i < keys.length; i++) {
        expect(lines[i].startsWith(`warning: IGNORED_ON_DEVICE in Interface ${keys[i]}: `)).assertTrue();
      }
      expect(lines[1].includes('never run on the phone')).assertTrue();
      expect(lines[0].includes('"off"')).assertTrue();

      const j = cli('check', SERVER, '--json');
      expect(j.status).assertEqual(0);
      const o = JSON.parse(j.stdout);
      expect(Object.keys(o).join(',')).assertEqual('ok,vpnConfig,peers,warnings');
      expect(o.warnings.map((w: Record<string, string>) => `${w.code} ${w.section} ${w.location} ${w.text}`).join('\n')).assertEqual(
        'IGNORED_ON_DEVICE INTERFACE Table off\n' +
        'IGNORED_ON_DEVICE INTERFACE PostUp iptables -A FORWARD -i %i -j ACCEPT; iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE\n' +
        'IGNORED_ON_DEVICE INTERFACE PreDown iptables -D FORWARD -i %i -j ACCEPT; iptables -t nat -D POSTROUTING -o eth0 -j MASQUERADE\n' +
        'IGNORED_ON_DEVICE INTERFACE SaveConfig true');
      expect(Object.keys(o.warnings[0]).join(',')).assertEqual('code,section,location,text');
    });

    it('IPv6 leak (issue 14.2): an IPv4-only tunnel with ::/0 gets a VpnConfig that captures IPv6, and the warning', 0, () => {
      const r = cli('check', V4_ONLY);
      expect(r.status).assertEqual(0);
      const lines = warningLines(r.stderr);
      console.log(lines.join('\n'));
      expect(lines.length).assertEqual(1);
      expect(lines[0].startsWith('warning: FAMILY_WITHOUT_ADDRESS in Peer AllowedIPs: "::/0" (the interface has no IPv6 Address')).assertTrue();
      const o = JSON.parse(cli('check', V4_ONLY, '--json').stdout);
      expect(o.vpnConfig.isIPv6Accepted).assertTrue();
      expect(o.vpnConfig.addresses.length).assertEqual(1);
      const v6 = o.vpnConfig.routes.filter((x: Record<string, Record<string, Record<string, string>>>) => x.destination.address.address === '::');
      expect(v6.length).assertEqual(1);
      expect(v6[0].gateway.address).assertEqual('');
      expect(v6[0].isDefaultRoute).assertFalse();
      expect(JSON.stringify(o.warnings)).assertEqual(JSON.stringify([{ code: 'FAMILY_WITHOUT_ADDRESS', section: 'PEER',
        location: 'AllowedIPs', text: '::/0' }]));
    });

    it('--json prints exactly one object of the documented shape', 0, () => {
      const good = cli('check', GOOD, '--json');
      expect(good.status).assertEqual(0);
      const g = JSON.parse(good.stdout);
      expect(Object.keys(g).join(',')).assertEqual('ok,vpnConfig,peers,warnings');
      expect(g.ok).assertTrue();
      expect(g.warnings.length).assertEqual(0);
      expect(g.vpnConfig.mtu).assertEqual(1280);
      expect(g.vpnConfig.isIPv6Accepted).assertTrue();
      expect(g.vpnConfig.routes.length).assertEqual(2);
      expect(g.vpnConfig.routes[1].gateway.address).assertEqual('');
      expect(g.vpnConfig.addresses[0].address.family).assertEqual(1);
      expect(g.peers[0].endpoint).assertEqual('vpn.example.com:51820');
      expect(g.peers[0].allowedIPs.join(',')).assertEqual('0.0.0.0/0,::/0');

      const bad = cli('check', BAD, '--json');
      expect(bad.status).assertEqual(1);
      expect(bad.stdout.trim().split('\n').length).assertEqual(1);
      const b = JSON.parse(bad.stdout);
      expect(JSON.stringify(b)).assertEqual(JSON.stringify({ ok: false, error: { section: 'INTERFACE', location: 'Jc',
        reason: 'UNKNOWN_ATTRIBUTE', text: 'Jc = 4' } }));
    });

    it('an MTU the VPN service does not take is refused with the limit', 0, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-check-'));
      const f = path.join(dir, 'mtu.conf');
      fs.writeFileSync(f, fs.readFileSync(GOOD, 'utf8').replace('DNS = 10.64.0.1', 'DNS = 10.64.0.1\nMTU = 9000'));
      const r = cli('check', f);
      expect(r.status).assertEqual(1);
      expect(r.stdout).assertEqual('error: INVALID_VALUE in Interface MTU: "9000"\n');
      expect(r.stderr.includes('(MTU_RANGE: The MTU must be between 576 and 1500.)')).assertTrue();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('never prints a private key back, even a malformed one or on a line without =', 0, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-check-'));
      const secret = 'c2VjcmV0LWJ1dC1icm9rZW4=';
      for (const line of [`PrivateKey = ${secret}`, `PrivateKey ${secret}`]) {
        const f = path.join(dir, 't.conf');
        fs.writeFileSync(f, `[Interface]\n${line}\nAddress = 10.0.0.2/32\n`);
        const r = cli('check', f);
        const j = cli('check', f, '--json');
        expect(r.status).assertEqual(1);
        expect(r.stdout.includes('"<hidden>"')).assertTrue();
        expect((r.stdout + r.stderr + j.stdout + j.stderr).includes('c2VjcmV0')).assertFalse();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('exits 2 on usage errors and unknown commands', 0, () => {
      expect(cli('check').status).assertEqual(2);
      expect(cli('nosuchcommand').status).assertEqual(2);
      expect(cli('check', 'tests/host/cli/fixtures/missing.conf').status).assertEqual(2);
    });

    it('fresh clone: check is the first command; it runs npm ci itself, or says in one line what to run', 0, () => {
      const clone = freshClone();
      expect(fs.existsSync(path.join(clone, 'node_modules'))).assertFalse();
      // npm unavailable or failing: one line naming the command, no stack trace, nothing on stdout.
      const failing = fakeNpm('process.exit(1);');
      const r1 = cliIn(clone, failing, 'check', GOOD);
      console.log(r1.stderr.trim());
      expect(r1.status).assertEqual(2);
      expect(r1.stdout).assertEqual('');
      const last = r1.stderr.trim().split('\n').pop() as string;
      expect(last.startsWith('cli: the npm packages are not installed and npm ci failed (exit 1): run `npm ci`')).assertTrue();
      expect(/^\s+at /m.test(r1.stderr) || r1.stderr.includes('ERR_MODULE_NOT_FOUND')).assertFalse();
      // npm works (here: it links this checkout's packages, as `npm ci` would install them).
      const working = fakeNpm(`const fs = require('fs'); const path = require('path');
if (process.argv[2] !== 'ci') process.exit(3);
fs.symlinkSync(${JSON.stringify(path.join(repo, 'node_modules'))}, path.join(process.cwd(), 'node_modules'));`);
      const r2 = cliIn(clone, working, 'check', GOOD, '--json');
      expect(r2.status).assertEqual(0);
      expect(r2.stderr.includes('setup: npm ci')).assertTrue();
      expect(JSON.parse(r2.stdout).ok).assertTrue();
      for (const d of [clone, failing, working]) fs.rmSync(d, { recursive: true, force: true });
    });
  });
}
