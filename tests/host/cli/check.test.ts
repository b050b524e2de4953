// hypium-timeout: 30000
/** The `check` subcommand of the CLI: exit codes, the error line and the JSON shapes. */
import { describe, it, expect } from '@ohos/hypium';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repo = process.cwd();

function cli(...args: string[]) {
  return spawnSync(process.execPath, [path.join(repo, 'tests/host/cli/cli.mjs'), ...args], { cwd: repo, encoding: 'utf8' });
}

const GOOD = 'tests/host/cli/fixtures/good.conf';
const BAD = 'tests/host/cli/fixtures/bad.conf';

export default function cliCheckTest(): void {
  describe('CliCheck', () => {
    it('exits 0 and prints the VpnConfig and each peer for a good file', 0, () => {
      const r = cli('check', GOOD);
      expect(r.status).assertEqual(0);
      expect(r.stdout.includes('"interface": "vpn-tun"')).assertTrue();
      expect(r.stdout.includes('endpoint: vpn.example.com:51820')).assertTrue();
      expect(r.stdout.includes('allowedIPs: 0.0.0.0/0, ::/0')).assertTrue();
      expect(r.stdout.includes('PrivateKey')).assertFalse();
    });

    it('exits 1 with one error line for a bad file', 0, () => {
      const r = cli('check', BAD);
      expect(r.status).assertEqual(1);
      expect(r.stdout).assertEqual('error: UNKNOWN_ATTRIBUTE in Interface PostUp: "PostUp = iptables -A FORWARD -i %i -j ACCEPT"\n');
    });

    it('--json prints exactly one object of the documented shape', 0, () => {
      const good = cli('check', GOOD, '--json');
      expect(good.status).assertEqual(0);
      const g = JSON.parse(good.stdout);
      expect(Object.keys(g).join(',')).assertEqual('ok,vpnConfig,peers');
      expect(g.ok).assertTrue();
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
      expect(JSON.stringify(b)).assertEqual(JSON.stringify({ ok: false, error: { section: 'INTERFACE', location: 'PostUp',
        reason: 'UNKNOWN_ATTRIBUTE', text: 'PostUp = iptables -A FORWARD -i %i -j ACCEPT' } }));
    });

    it('exits 2 on usage errors and unknown commands', 0, () => {
      expect(cli('check').status).assertEqual(2);
      expect(cli('nosuchcommand').status).assertEqual(2);
      expect(cli('check', 'tests/host/cli/fixtures/missing.conf').status).assertEqual(2);
    });
  });
}
