// hypium-timeout: 30000
/**
 * The namespace lab itself (tests/e2e/netns.ts): namespaces and veth up, wireguard-go in the server
 * namespace with its peer, the deterministic HTTP server, restart with the same keys, phone link
 * down/up, and close() leaving no namespace, process or socket file behind.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { NetnsLab, deterministicBytes } from './netns';

const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

export default function netnsLabTest(): void {
  describe('NetnsLab', () => {
    it('brings up wireguard-go with its peer, serves deterministic HTTP, restarts, and cleans up', 0, async () => {
      const lab = await NetnsLab.create();
      let wgPid = -1;
      let httpPid = -1;
      try {
        expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).includes(lab.phoneNs)).assertTrue();
        lab.exec(lab.phoneNs, 'ip', ['link', 'show', lab.phoneVeth]);
        const wg = await lab.startWireguard();
        wgPid = wg.pid;
        const show = lab.wgShow();
        expect(show.includes(`peer: ${wg.clientPublicKey}`)).assertTrue();
        expect(show.includes('listening port: 51820')).assertTrue();
        expect(lab.wgShow('public-key').trim()).assertEqual(wg.serverPublicKey);
        expect(lab.clientConfig().includes(`Endpoint = ${lab.serverAddr4}:51820`)).assertTrue();

        const http = await lab.startHttpServer();
        httpPid = http.pid;
        const file = path.join(lab.dir, 'body');
        lab.exec(lab.serverNs, 'curl', ['-sf', '-o', file, `${http.url}/200000`]);
        expect(Buffer.compare(fs.readFileSync(file), deterministicBytes(200000))).assertEqual(0);
        lab.exec(lab.serverNs, 'curl', ['-sf', '-g', '-o', file, `${http.url6}/1000`]);
        expect(Buffer.compare(fs.readFileSync(file), deterministicBytes(1000))).assertEqual(0);

        await lab.restartWireguard();
        expect(alive(wgPid)).assertFalse();
        wgPid = lab.wg!.pid;
        expect(lab.wgShow('public-key').trim()).assertEqual(wg.serverPublicKey);
        expect(lab.wgShow('peers').trim()).assertEqual(wg.clientPublicKey);

        lab.setPhoneLink(false);
        expect(lab.exec(lab.phoneNs, 'ip', ['-o', 'link', 'show', lab.phoneVeth]).includes('state DOWN')).assertTrue();
        lab.setPhoneLink(true);
        expect(lab.exec(lab.phoneNs, 'ip', ['route', 'show', 'default']).includes(lab.serverAddr4)).assertTrue();
      } finally {
        await lab.close();
      }
      const list = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
      expect(list.includes(lab.phoneNs) || list.includes(lab.serverNs)).assertFalse();
      expect(alive(wgPid)).assertFalse();
      expect(alive(httpPid)).assertFalse();
      expect(fs.existsSync(`/var/run/wireguard/${lab.wg!.iface}.sock`)).assertFalse();
      expect(fs.existsSync(lab.dir)).assertFalse();
    });
  });
}
