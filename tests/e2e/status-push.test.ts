// hypium-timeout: 90000
/**
 * Issue 11 item 7 end to end: the real VPN ability (its own process, through the host runtime, against
 * wireguard-go) writes status.json; the phone agent follows it as the page does (StatusFollower over
 * the file watch) with its liveness tick set to 10 min, so only the watch can deliver. Measured: from
 * the VPN process's write (status.updatedMs) to the state on the page, for CONNECTED after two starts.
 * Goal 200 ms; asserted with the margin rule (max(5 × goal, goal + 5 s) = 5.2 s); figures printed.
 */
import { describe, it, expect } from '@ohos/hypium';
import { Scene, limitFor, note, stopStopped, withScene } from './scenario';

const GOAL_MS = 200;

export default function statusPushTest(): void {
  describe('E2E status pushed to the page (issue 11.7)', () => {
    it('CONNECTED written by the VPN process is on the page within 200 ms (limit 5.2 s), delivered by the watch alone', 0, async () => {
      await withScene(async ({ lab, phone }: Scene) => {
        await phone.importTunnel('home', lab.clientConfig());
        const figures: number[] = [];
        for (let round = 1; round <= 2; round++) {
          const since = await phone.call<number>('now');
          await phone.call('start');
          const hit = await phone.call<{ state: string; afterWriteMs: number; watching: boolean }>('waitForPushed',
            { states: ['CONNECTED', 'FAILED'], sinceMs: since, timeoutMs: 20000 });
          expect(hit.state).assertEqual('CONNECTED');
          expect(hit.watching).assertTrue();
          note(`start ${round}: CONNECTED on the page ${hit.afterWriteMs} ms after the VPN process wrote it (goal ${GOAL_MS} ms, limit ${limitFor(GOAL_MS)} ms)`);
          expect(hit.afterWriteMs >= 0 && hit.afterWriteMs <= limitFor(GOAL_MS)).assertTrue();
          figures.push(hit.afterWriteMs);
          await stopStopped(phone);
        }
        note(`worst ${Math.max(...figures)} ms`);
      }, {}, { HARMONYWG_AGENT_TICK_MS: '600000' });
    });
  });
}
