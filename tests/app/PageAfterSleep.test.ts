/**
 * Issue 14 item 5, "The page decides the VPN process died after any sleep": the heartbeat in
 * status.json was written and judged on the wall clock, JS timers stop while the device sleeps, so
 * after a sleep longer than the staleness limit the page's refresh could run before the VPN
 * process's, infer VPN_PROCESS_GONE and release the continuous task for good.
 *
 * Here the page (MainViewModel) runs on a fake device: `now` is time passing (wall and boot clock
 * move together), `wallStep` is the wall clock set by hand (the boot clock does not move), and a
 * sleep moves time with neither process running. The VPN process's beats are status writes stamped
 * with the boot clock (`uptimeMs`), as TunnelSession writes them.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlwaysOnAvailability, MainViewModel, TextSource, VpnControl } from '../../entry/src/main/ets/viewmodel/MainViewModel';
import { BackgroundKeeper } from '../../entry/src/main/ets/viewmodel/BackgroundKeeper';
import { StatusFile } from '../../entry/src/main/ets/store/StatusFile';
import { HEARTBEAT_MS, STALE_AFTER_MS, TunnelProblem, TunnelState, TunnelStatus } from '../../entry/src/main/ets/model/TunnelStatus';

class Names implements TextSource { text(name: string): string { return name; } }

class Control implements VpnControl {
  starts: string[] = [];
  async start(_name: string, requestId: string): Promise<void> { this.starts.push(requestId); }
  async stop(): Promise<void> {}
  async alwaysOnAvailability(): Promise<AlwaysOnAvailability> { return AlwaysOnAvailability.NOT_PROVIDED; }
  async isAlwaysOn(): Promise<boolean> { return false; }
  async setAlwaysOn(): Promise<void> {}
}

class Keeper implements BackgroundKeeper {
  held = false;
  holds = 0;
  releases = 0;
  async hold(): Promise<boolean> { this.held = true; this.holds++; return true; }
  async release(): Promise<void> { if (this.held) this.releases++; this.held = false; }
}

const BOOT_WALL_MS = 1_699_000_000_000;

class Device {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-sleep-'));
  now = 1_700_000_000_000;
  wallStep = 0;
  keeper = new Keeper();
  control = new Control();
  vm = new MainViewModel(this.dir, this.control, new Names(), () => this.now + this.wallStep, this.keeper,
    () => this.now - BOOT_WALL_MS);
  requestId = '';

  constructor() { this.vm.tunnelStore().save('home', '[Interface]\n'); }

  /** The VPN process writes its status, stamped as TunnelSession stamps it. */
  beat(state: TunnelState = TunnelState.CONNECTED, problem: TunnelProblem = TunnelProblem.NONE): void {
    const s = new TunnelStatus();
    s.state = state;
    s.problem = problem;
    s.requestId = this.requestId;
    s.tunnelName = 'home';
    s.updatedMs = this.now + this.wallStep;
    s.uptimeMs = this.now - BOOT_WALL_MS;
    new StatusFile(this.dir).write(s);
  }

  async connected(): Promise<void> {
    await this.vm.load();
    await this.vm.start();
    this.requestId = this.control.starts[0];
    this.beat();
    this.vm.refresh();
    expect(this.vm.current().state).assertEqual(TunnelState.CONNECTED);
    expect(this.keeper.held).assertTrue();
  }

  /** Time passes with both processes running: the VPN process beats, the page reads, every second. */
  runFor(ms: number, vpnAlive: boolean): void {
    for (let t = 0; t < ms; t += 1000) {
      this.now += 1000;
      if (vpnAlive && t % HEARTBEAT_MS === 0) this.beat();
      this.vm.refresh();
    }
  }

  done(): void { fs.rmSync(this.dir, { recursive: true, force: true }); }
}

export default function pageAfterSleepTest(): void {
  describe('PageAfterSleep', () => {
    for (const sleepMs of [10 * 60 * 1000, 3 * 60 * 60 * 1000]) {
      it(`after a ${sleepMs / 60000} min sleep the page's first refreshes run before the VPN process's beat: still connected, task still held`, 0, async () => {
        const d = new Device();
        await d.connected();
        d.now += sleepMs; // the device sleeps: no timer of either process runs
        // The page wakes first and reads twice before the VPN process's timer has run.
        d.vm.refresh();
        d.now += 400;
        d.vm.refresh();
        expect(d.vm.current().state).assertEqual(TunnelState.CONNECTED);
        expect(d.keeper.held).assertTrue();
        d.now += 600;
        d.beat();
        d.vm.refresh();
        d.runFor(30000, true);
        expect(d.vm.current().state).assertEqual(TunnelState.CONNECTED);
        expect(d.vm.current().problem).assertEqual(TunnelProblem.NONE);
        expect(d.keeper.releases).assertEqual(0);
        d.done();
      });
    }

    it('judges staleness on the boot clock: the wall clock set an hour ahead is not a dead VPN process, set back it hides none', 0, async () => {
      const d = new Device();
      await d.connected();
      d.wallStep += 3600000; // the person (or NTP) sets the time ahead; the boot clock does not move
      d.vm.refresh(); // before the VPN process's next beat
      expect(d.vm.current().state).assertEqual(TunnelState.CONNECTED);
      d.runFor(20000, true);
      expect(d.vm.current().state).assertEqual(TunnelState.CONNECTED);
      // The VPN process dies right after a beat, and the time is set back an hour: its last status
      // now looks written "in the future" on the wall clock, but not on the boot clock.
      d.beat();
      d.wallStep -= 2 * 3600000;
      d.runFor(4 * STALE_AFTER_MS, false);
      expect(d.vm.current().problem).assertEqual(TunnelProblem.VPN_PROCESS_GONE);
      d.done();
    });

    it('never releases the continuous task on an inferred failure, and holds it again when a running status appears', 0, async () => {
      const d = new Device();
      await d.connected();
      d.runFor(4 * STALE_AFTER_MS, false);
      expect(d.vm.current().state).assertEqual(TunnelState.FAILED);
      expect(d.vm.current().problem).assertEqual(TunnelProblem.VPN_PROCESS_GONE);
      expect(d.keeper.held).assertTrue();
      expect(d.keeper.releases).assertEqual(0);
      // The VPN process was only late: its status comes back and the page follows it.
      d.beat();
      d.vm.refresh();
      expect(d.vm.current().state).assertEqual(TunnelState.CONNECTED);
      expect(d.keeper.held).assertTrue();
      // A failure the VPN process itself reports does release it.
      d.beat(TunnelState.FAILED, TunnelProblem.TUN_IO_FAILED);
      d.vm.refresh();
      expect(d.keeper.held).assertFalse();
      d.done();
    });

    it('a page opened while a tunnel runs (its process restarted) takes the continuous task', 0, async () => {
      const d = new Device();
      d.requestId = 'earlier-run';
      d.beat();
      await d.vm.load();
      expect(d.vm.current().state).assertEqual(TunnelState.CONNECTED);
      expect(d.keeper.held).assertTrue();
      expect(d.keeper.holds).assertEqual(1);
      d.runFor(10000, true);
      expect(d.keeper.holds).assertEqual(1);
      d.done();
    });
  });
}
