/**
 * The main page's logic (MainViewModel) with a fake VpnControl, the app's real English strings and a
 * real files directory (host fileIo): what a person sees after each tap and each status change.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlwaysOnAvailability, MainUiState, MainViewModel, START_ANSWER_TIMEOUT_MS, STALE_READS_BEFORE_GONE, TextSource,
  VpnControl, VpnControlError } from '../../entry/src/main/ets/viewmodel/MainViewModel';
import { StatusFile } from '../../entry/src/main/ets/store/StatusFile';
import { HEARTBEAT_MS, STALE_AFTER_MS, TunnelProblem, TunnelState, TunnelStatus } from '../../entry/src/main/ets/model/TunnelStatus';
import { EnglishTexts } from './texts-fixture';

/** Wall time at which the fake device booted: the boot clock reads `now - BOOT_WALL_MS`. */
const BOOT_WALL_MS = 1_699_999_000_000;


class FakeControl implements VpnControl {
  startError: VpnControlError | null = null;
  starts: Array<[string, string]> = [];
  stops = 0;
  availability = AlwaysOnAvailability.NOT_PROVIDED;
  alwaysOn = false;
  refuseAlwaysOn = false;
  async start(tunnelName: string, requestId: string): Promise<void> {
    this.starts.push([tunnelName, requestId]);
    if (this.startError !== null) throw this.startError;
  }
  async stop(): Promise<void> { this.stops++; }
  async alwaysOnAvailability(): Promise<AlwaysOnAvailability> { return this.availability; }
  async isAlwaysOn(): Promise<boolean> { return this.alwaysOn; }
  async setAlwaysOn(enabled: boolean): Promise<void> {
    if (this.refuseAlwaysOn) throw new VpnControlError(202);
    this.alwaysOn = enabled;
  }
}

class Fixture {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-vm-'));
  control = new FakeControl();
  /** Time passing: both the wall clock and the boot clock move with it. */
  now = 1_700_000_000_000;
  vm = new MainViewModel(this.dir, this.control, new EnglishTexts(), () => this.now, null, () => this.now - BOOT_WALL_MS);
  seen: MainUiState[] = [];
  constructor(withTunnel: boolean) {
    if (withTunnel) this.vm.tunnelStore().save('home', '[Interface]\nPrivateKey = x\n');
    this.vm.setListener((s) => this.seen.push(s));
  }
  publishStatus(state: TunnelState, requestId: string, patch: (s: TunnelStatus) => void = () => {}): void {
    const s = new TunnelStatus();
    s.state = state;
    s.requestId = requestId;
    s.tunnelName = 'home';
    s.updatedMs = this.now;
    s.uptimeMs = this.now - BOOT_WALL_MS;
    patch(s);
    new StatusFile(this.dir).write(s);
  }
  ui(): MainUiState { return this.vm.current(); }
  /** Load, Start, and the VPN process answers the request with CONNECTED; returns the request id. */
  async startConnected(): Promise<string> {
    await this.vm.load();
    await this.vm.start();
    const requestId = this.control.starts[0][1];
    this.publishStatus(TunnelState.CONNECTED, requestId);
    this.vm.refresh();
    return requestId;
  }
  done(): void { fs.rmSync(this.dir, { recursive: true, force: true }); }
}

export default function mainViewModelTest(): void {
  describe('MainViewModel', () => {
    it('says no tunnel is selected when Start is tapped without one', 0, async () => {
      const f = new Fixture(false);
      await f.vm.load();
      await f.vm.start();
      expect(f.ui().state).assertEqual(TunnelState.FAILED);
      expect(f.ui().problemText).assertEqual('No tunnel is selected. Import a configuration first.');
      expect(f.control.starts.length).assertEqual(0);
      f.done();
    });

    it('shows "permission to create a VPN was not granted" when consent is refused (rejection with undefined)', 0, async () => {
      const f = new Fixture(true);
      await f.vm.load();
      f.control.startError = new VpnControlError(-1);
      await f.vm.start();
      expect(f.ui().state).assertEqual(TunnelState.FAILED);
      expect(f.ui().problem).assertEqual(TunnelProblem.CONSENT_DENIED);
      expect(f.ui().problemText).assertEqual('Permission to create a VPN was not granted.');
      expect(f.ui().canStart).assertTrue();
      f.done();
    });

    it('maps 2203002 to "another VPN is active"', 0, async () => {
      const f = new Fixture(true);
      await f.vm.load();
      f.control.startError = new VpnControlError(2203002);
      await f.vm.start();
      expect(f.ui().problemText).assertEqual('Another VPN is active — stop it first.');
      f.done();
    });

    it('writes the start request, then follows the status the VPN process publishes for it', 0, async () => {
      const f = new Fixture(true);
      await f.vm.load();
      expect(f.ui().selectedTunnel).assertEqual('home');
      await f.vm.start();
      expect(f.ui().state).assertEqual(TunnelState.STARTING);
      expect(f.ui().canStop).assertTrue();
      const [name, requestId] = f.control.starts[0];
      expect(name).assertEqual('home');
      const active = JSON.parse(fs.readFileSync(path.join(f.dir, 'active.json'), 'utf8'));
      expect(active.tunnelName).assertEqual('home');
      expect(active.requestId).assertEqual(requestId);
      // A status left over from an earlier run is not taken for the answer.
      f.publishStatus(TunnelState.CONNECTED, 'older-request');
      f.vm.refresh();
      expect(f.ui().state).assertEqual(TunnelState.STARTING);
      f.publishStatus(TunnelState.CONNECTED, requestId, (s) => {
        s.latestHandshakeMs = f.now - 7000;
        s.rxBytes = 1536;
        s.txBytes = 3 * 1024 * 1024;
      });
      f.vm.refresh();
      expect(f.ui().state).assertEqual(TunnelState.CONNECTED);
      expect(f.ui().stateText).assertEqual('Connected');
      expect(f.ui().latestHandshakeText).assertEqual('7 s ago');
      expect(f.ui().rxText).assertEqual('1.5 KiB');
      expect(f.ui().txText).assertEqual('3.0 MiB');
      f.done();
    });

    it('reports the VPN process gone when the page, reading every second, sees several heartbeats missed', 0, async () => {
      const f = new Fixture(true);
      await f.startConnected();
      expect(f.ui().state).assertEqual(TunnelState.CONNECTED);
      const lastBeat = f.now;
      let reads = 0;
      let staleReads = 0;
      while (f.ui().state !== TunnelState.FAILED && reads < 120) {
        f.now += 1000;
        f.vm.refresh();
        reads++;
        if (f.now - lastBeat > STALE_AFTER_MS) staleReads++;
      }
      const silentMs = f.now - lastBeat;
      console.log(`VPN_PROCESS_GONE after ${silentMs} ms without a heartbeat (${staleReads} stale reads; beat ${HEARTBEAT_MS} ms, stale after ${STALE_AFTER_MS} ms)`);
      expect(f.ui().state).assertEqual(TunnelState.FAILED);
      expect(f.ui().problem).assertEqual(TunnelProblem.VPN_PROCESS_GONE);
      expect(staleReads >= STALE_READS_BEFORE_GONE).assertTrue();
      // Not before the stale limit plus as long again of watching; not much later either.
      expect(silentMs >= 2 * STALE_AFTER_MS).assertTrue();
      expect(silentMs <= 2 * STALE_AFTER_MS + 2000).assertTrue();
      f.done();
    });

    it('does not stay "starting" forever when the VPN process never answers', 0, async () => {
      const f = new Fixture(true);
      await f.vm.load();
      await f.vm.start();
      f.now += START_ANSWER_TIMEOUT_MS - 1;
      f.vm.refresh();
      expect(f.ui().state).assertEqual(TunnelState.STARTING);
      f.now += 2;
      f.vm.refresh();
      expect(f.ui().state).assertEqual(TunnelState.FAILED);
      expect(f.ui().problemText).assertEqual('The VPN stopped unexpectedly. Start it again.');
      f.done();
    });

    it('shows a configuration error with its section, key and reason', 0, async () => {
      const f = new Fixture(true);
      await f.vm.load();
      await f.vm.start();
      f.publishStatus(TunnelState.FAILED, f.control.starts[0][1], (s) => {
        s.problem = TunnelProblem.INVALID_CONFIG;
        s.detail = 'Interface Address INVALID_VALUE';
      });
      f.vm.refresh();
      expect(f.ui().problemText).assertEqual("The tunnel's configuration has an error: Interface Address INVALID_VALUE");
      f.done();
    });

    it('Stop calls the system and ends in Stopped once the status says so', 0, async () => {
      const f = new Fixture(true);
      const requestId = await f.startConnected();
      const stopping = f.vm.stop();
      expect(f.ui().state).assertEqual(TunnelState.STOPPING);
      await stopping;
      expect(f.control.stops).assertEqual(1);
      f.publishStatus(TunnelState.STOPPED, requestId);
      f.vm.refresh();
      expect(f.ui().state).assertEqual(TunnelState.STOPPED);
      expect(f.ui().canStart).assertTrue();
      f.done();
    });

    it('ends in Stopped when the system confirms the stop although the last status still says connected', 0, async () => {
      const f = new Fixture(true);
      await f.startConnected();
      f.now += 500;
      await f.vm.stop();
      expect(f.ui().state).assertEqual(TunnelState.STOPPED);
      f.now += 60000;
      f.vm.refresh();
      expect(f.ui().state).assertEqual(TunnelState.STOPPED);
      expect(f.ui().problem).assertEqual(TunnelProblem.NONE);
      f.done();
    });

    it('disables always-on with the reason when the system does not provide it or refuses', 0, async () => {
      const f = new Fixture(true);
      await f.vm.load();
      expect(f.ui().alwaysOnAvailability).assertEqual(AlwaysOnAvailability.NOT_PROVIDED);
      expect(f.ui().alwaysOnReasonText).assertEqual('This system does not offer always-on VPN to apps.');
      const g = new Fixture(true);
      g.control.availability = AlwaysOnAvailability.AVAILABLE;
      await g.vm.load();
      expect(g.ui().alwaysOnReasonText).assertEqual('');
      await g.vm.setAlwaysOn(true);
      expect(g.ui().alwaysOnEnabled).assertTrue();
      g.control.refuseAlwaysOn = true;
      await g.vm.setAlwaysOn(false);
      expect(g.ui().alwaysOnAvailability).assertEqual(AlwaysOnAvailability.NOT_PERMITTED);
      expect(g.ui().alwaysOnReasonText).assertEqual('Only system apps can turn on always-on VPN.');
      f.done();
      g.done();
    });
  });
}
