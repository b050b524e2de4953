// hypium-timeout: 30000
/**
 * The host runtime's VPN in a fresh network namespace (each scenario of fixtures/netns-scenarios.ts
 * runs as `ip netns exec <phone ns> node ...`): the tun fd is non-blocking and raw IP, validation
 * codes, destroy cleans up, protect / blockedApplications / protectProcessNet keep sockets out of a
 * full tunnel, getSocketFd / protectProcessNet below their API levels reject with 801.
 */
import { describe, it, expect, beforeAll, afterAll } from '@ohos/hypium';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NetnsLab } from '../e2e/netns';

const repo = process.cwd();
let lab: NetnsLab | null = null;
let script = '';
let echoPort = 0;
let tmp = '';

async function scenario(name: string, args: string[] = []): Promise<any> {
  return lab!.runForResult(lab!.phoneNs, script, [name, ...args], {
    HARMONYWG_STATE_DIR: path.join(tmp, 'state'), HARMONYWG_FILES_DIR: path.join(tmp, 'files'), HARMONYWG_REPO: repo,
  }, `scenario ${name}`);
}

export default function hostVpnTest(): void {
  describe('HostVpn', () => {
    beforeAll(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-hostvpn-'));
      const { bundle } = await import(pathToFileURL(path.join(repo, 'tests/tools/bundle.mjs')).href);
      script = await bundle(path.join(repo, 'tests/host/fixtures/netns-scenarios.ts'), path.join(tmp, 'scenarios.mjs'));
      lab = await NetnsLab.create();
      echoPort = 7777;
      const echo = lab.spawn(lab.serverNs, process.execPath, ['-e',
        `const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send(m,r.port,r.address));s.bind(${echoPort},'${lab.serverAddr4}',()=>console.log('ready'))`]);
      await new Promise<void>((r) => echo.stdout!.on('data', () => r()));
    });
    afterAll(async () => {
      if (lab) await lab.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('create() returns a non-blocking raw-IP tun fd; an empty queue reads as 13900010', 0, async () => {
      const r = await scenario('tun');
      expect(r.fd > 2).assertTrue();
      expect(r.nonblocking).assertTrue();
      expect(r.fdTarget).assertEqual('/dev/net/tun');
      expect(String(r.link).includes('mtu 1400')).assertTrue();
      expect(String(r.rules).includes('lookup 7447')).assertTrue();
      expect(String(r.table).includes('198.51.100.0/24 dev vpn-tun')).assertTrue();
      expect(r.state.dnsAddresses[0]).assertEqual('198.19.77.1');
      expect(r.emptyRead).assertEqual(13900010);
      expect(r.packet !== null).assertTrue();
      expect(r.packet.version).assertEqual(4);
      expect(r.packet.proto).assertEqual(17);
      expect(r.packet.payload).assertEqual('hello-tun');
    });

    it('destroy() removes the device, routes and rules and closes the fd', 0, async () => {
      const r = await scenario('tun');
      expect(r.afterLink === 'ok').assertFalse();
      expect(String(r.afterRules4).includes('7447')).assertFalse();
      expect(String(r.afterRules6).includes('7447')).assertFalse();
      expect(String(r.afterTable).trim()).assertEqual('');
      expect(r.afterFdTarget === '/dev/net/tun').assertFalse();
      expect(r.afterState).assertFalse();
    });

    it('rejects bad configs with 401 and a second VPN with 2203002', 0, async () => {
      const r = await scenario('validation');
      expect(r.network).assertEqual(401);
      expect(r.broadcast).assertEqual(401);
      expect(r.prefix33).assertEqual(401);
      expect(r.noAddresses).assertEqual(401);
      expect(r.mtu).assertEqual(401);
      expect(r.both).assertEqual(401);
      expect(r.routes65api12).assertEqual(401);
      expect(r.slash32).assertEqual('ok');
      expect(r.second).assertEqual(2203002);
      expect(r.afterFailedSecond).assertTrue();
      expect(r.again).assertEqual('ok');
      expect(String(r.rules6).includes('lookup 7447')).assertTrue();
      expect(String(r.table6).includes('default dev vpn-tun')).assertTrue();
    });

    it('protect(fd), blockedApplications and protectProcessNet keep sockets out of a full tunnel', 0, async () => {
      const r = await scenario('protect', [lab!.serverAddr4, String(echoPort)]);
      expect(r.beforeVpn).assertTrue();
      expect(r.protectedEcho).assertTrue();
      expect(r.unprotectedEcho).assertFalse();
      expect(r.unprotectedInTun).assertTrue();
      expect(r.protectBadFd).assertEqual(2203004);
      expect(r.sportRules).assertEqual(1);
      expect(r.sportRulesAfterClose).assertEqual(0);
      expect(r.getSocketFd20).assertEqual(801);
      expect(r.protectProcessNet20).assertEqual(801);
      expect(r.blockedEcho).assertTrue();
      expect(r.blockedLaterSocketEcho).assertTrue();
      expect(r.processNetLateEcho).assertTrue();
      expect(r.processNetEarlyEcho).assertFalse();
      expect(String(r.leftRules).includes('sport')).assertFalse();
      expect(String(r.leftRules).includes('7447')).assertFalse();
    });
  });
}
