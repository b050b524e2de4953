// hypium-timeout: 60000
/**
 * Issue 14 item 2, end to end through the real app path against wireguard-go: a tunnel with only an
 * IPv4 Address and `AllowedIPs = 0.0.0.0/0, ::/0` must capture IPv6 (routed into the tun, as
 * WireGuard for Android does) and drop it there (counted by the engine as NO_ROUTE: no IPv6 source
 * address of ours exists), instead of letting it go around the tunnel over the phone's own network.
 * The proof of "no leak": the server's underlay IPv6 address, reachable outside the tunnel, stops
 * answering pings while the tunnel is up, and answers again after Stop.
 */
import { describe, it, expect } from '@ohos/hypium';
import { Scene, editConfig, execNs, note, pingAll, sleep, startConnected, stopStopped, withScene } from './scenario';

function dropCount(status: Record<string, any> | null, reason: string): number {
  if (status === null || !Array.isArray(status.drops)) return 0;
  const d = status.drops.find((x: Record<string, any>) => x.reason === reason);
  return d === undefined ? 0 : Number(d.count);
}

export default function ipv6LeakTest(): void {
  describe('E2E IPv6 leak (issue 14.2)', () => {
    it('IPv6 leak: an IPv4-only Address with ::/0 routes IPv6 into the tun and drops it there, nothing goes around', 0, async () => {
      await withScene(async ({ lab, wg, phone }: Scene) => {
        // Outside the tunnel the server's underlay IPv6 address answers.
        const before = await execNs(lab.phoneNs, 'ping', ['-6', '-n', '-c', '1', '-W', '2', lab.serverAddr6]);
        expect(before.code).assertEqual(0);

        const cfg = editConfig(lab.clientConfig(), (l) => (l.startsWith('Address') ? `Address = ${wg.clientAddr4}/32` : l));
        expect(cfg.includes('::/0')).assertTrue();
        await phone.importTunnel('v4only', cfg);
        await startConnected(phone);

        // Captured: IPv6 goes to the tun (the VpnConfig has isIPv6Accepted and the ::/0 route).
        const route = lab.exec(lab.phoneNs, 'ip', ['-6', 'route', 'get', lab.serverAddr6]);
        note(`ip -6 route get ${lab.serverAddr6}: ${route.trim()}`);
        expect(route.includes('dev vpn-tun')).assertTrue();
        const addrs = lab.exec(lab.phoneNs, 'ip', ['-o', 'addr', 'show', 'dev', 'vpn-tun']);
        expect(addrs.includes('inet6 fd')).assertFalse();

        // Dropped, not leaked: no answer from the underlay address, and the engine counts the drops.
        const dropsBefore = dropCount(await phone.call('status'), 'NO_ROUTE');
        const during = await execNs(lab.phoneNs, 'ping', ['-6', '-n', '-c', '3', '-i', '0.2', '-W', '1', lab.serverAddr6]);
        note(`ping -6 ${lab.serverAddr6} with the tunnel up: exit ${during.code}; ${during.stdout.trim().split('\n').pop()}`);
        expect(during.code === 0).assertFalse();
        const t0 = performance.now();
        let drops = dropsBefore;
        while (drops < dropsBefore + 3 && performance.now() - t0 < 10000) {
          await sleep(100);
          drops = dropCount(await phone.call('status'), 'NO_ROUTE');
        }
        note(`engine NO_ROUTE drops ${dropsBefore} -> ${drops} (${(performance.now() - t0).toFixed(0)} ms to show in the status; limit 10000 ms)`);
        expect(drops >= dropsBefore + 3).assertTrue();

        // IPv4 still works through the tunnel.
        await pingAll(phone, wg.tunnelAddr4, 2);
        await stopStopped(phone);

        // After Stop, IPv6 takes the phone's own network again.
        const after = await execNs(lab.phoneNs, 'ping', ['-6', '-n', '-c', '1', '-W', '2', lab.serverAddr6]);
        expect(after.code).assertEqual(0);
      });
    });
  });
}
