/**
 * Issue 14 item 1, "a failed start strands the app": the page (MainViewModel) against a fake system
 * that behaves as the device's ability manager does — startVpnExtensionAbility on an ability that is
 * already running resolves without creating it again (no second onCreate), and only
 * stopVpnExtensionAbility ends it. A VPN ability cannot stop itself (VpnExtensionContext declares no
 * such member, API reference @since 11), so after any failure the page must stop it, or let the
 * person stop it, and a new Start must reach a new onCreate.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlwaysOnAvailability, MainUiState, MainViewModel, START_ANSWER_TIMEOUT_MS, TextSource, VpnControl,
  VpnControlError } from '../../entry/src/main/ets/viewmodel/MainViewModel';
import { StatusFile } from '../../entry/src/main/ets/store/StatusFile';
import { TunnelProblem, TunnelState, TunnelStatus } from '../../entry/src/main/ets/model/TunnelStatus';
import { EnglishTexts } from './texts-fixture';


/** The system's side: one VPN ability that is either running or not. */
class FakeSystem implements VpnControl {
  running = false;
  /** onCreate calls (a start on a running ability does not create it again). */
  creates = 0;
  /** The request id each onCreate received. */
  createdFor: string[] = [];
  calls: string[] = [];
  /** When set, stop() rejects with this error (and the ability keeps running). */
  stopError: VpnControlError | null = null;
  async start(_tunnelName: string, requestId: string): Promise<void> {
    this.calls.push('start');
    if (!this.running) {
      this.running = true;
      this.creates++;
      this.createdFor.push(requestId);
    }
  }
  async stop(): Promise<void> {
    this.calls.push('stop');
    if (this.stopError !== null) throw this.stopError;
    this.running = false;
  }
  async alwaysOnAvailability(): Promise<AlwaysOnAvailability> { return AlwaysOnAvailability.NOT_PROVIDED; }
  async isAlwaysOn(): Promise<boolean> { return false; }
  async setAlwaysOn(): Promise<void> {}
}

class Fixture {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-saf-'));
  system = new FakeSystem();
  now = 1_700_000_000_000;
  vm = new MainViewModel(this.dir, this.system, new EnglishTexts(), () => this.now);
  constructor() {
    this.vm.tunnelStore().save('home', '[Interface]\nPrivateKey = x\n');
    this.vm.setListener(() => {});
  }
  /** What the VPN process writes to status.json. */
  publish(state: TunnelState, requestId: string, problem = TunnelProblem.NONE, detail = ''): void {
    const s = new TunnelStatus();
    s.state = state;
    s.problem = problem;
    s.detail = detail;
    s.requestId = requestId;
    s.tunnelName = 'home';
    s.updatedMs = this.now;
    new StatusFile(this.dir).write(s);
  }
  ui(): MainUiState { return this.vm.current(); }
  lastRequest(): string { return this.system.createdFor[this.system.createdFor.length - 1]; }
  done(): void { fs.rmSync(this.dir, { recursive: true, force: true }); }
}

/** Waits (bounded) for `cond`, letting the view model's pending promises run. */
async function until(cond: () => boolean, limitMs = 2000): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 1));
  }
  return true;
}

export default function startAfterFailureTest(): void {
  describe('StartAfterFailure', () => {
    it('a failed start strands the app: the page stops the ability when the VPN process reports FAILED, and the next Start creates it again', 0, async () => {
      const f = new Fixture();
      await f.vm.load();
      await f.vm.start();
      expect(f.system.creates).assertEqual(1);
      const first = f.lastRequest();
      f.publish(TunnelState.FAILED, first, TunnelProblem.ENDPOINT_UNRESOLVED);
      f.vm.refresh();
      expect(f.ui().state).assertEqual(TunnelState.FAILED);
      expect(f.ui().problemText).assertEqual(new EnglishTexts().text('problem_endpoint_unresolved', []));
      expect(f.ui().canStart).assertTrue();
      // The ability is idle after a failed start and cannot end itself: the page ends it.
      expect(await until(() => !f.system.running)).assertTrue();
      expect(await until(() => !f.ui().canStop)).assertTrue();
      expect(f.ui().state).assertEqual(TunnelState.FAILED);
      expect(f.ui().problem).assertEqual(TunnelProblem.ENDPOINT_UNRESOLVED);
      await f.vm.start();
      expect(f.system.creates).assertEqual(2);
      const second = f.lastRequest();
      expect(second !== first).assertTrue();
      f.publish(TunnelState.CONNECTED, second);
      f.vm.refresh();
      expect(f.ui().state).assertEqual(TunnelState.CONNECTED);
      f.done();
    });

    it('a failed start strands the app: after a start the VPN process never answered, Stop stays enabled and the next Start stops the ability first', 0, async () => {
      const f = new Fixture();
      await f.vm.load();
      await f.vm.start();
      f.now += START_ANSWER_TIMEOUT_MS + 1;
      f.vm.refresh();
      expect(f.ui().state).assertEqual(TunnelState.FAILED);
      expect(f.ui().problem).assertEqual(TunnelProblem.VPN_PROCESS_GONE);
      // Inferred, not reported: the ability may still be working, so the page does not end it by itself …
      expect(f.system.running).assertTrue();
      // … but the person can, and Start can start again.
      expect(f.ui().canStop).assertTrue();
      expect(f.ui().canStart).assertTrue();
      await f.vm.start();
      expect(f.system.calls.join(',')).assertEqual('start,stop,start');
      expect(f.system.creates).assertEqual(2);
      f.publish(TunnelState.CONNECTED, f.lastRequest());
      f.vm.refresh();
      expect(f.ui().state).assertEqual(TunnelState.CONNECTED);
      f.done();
    });

    it('a failed start strands the app: when stopping the failed ability is refused, Stop stays enabled and works later', 0, async () => {
      const f = new Fixture();
      await f.vm.load();
      await f.vm.start();
      f.system.stopError = new VpnControlError(16000050);
      f.publish(TunnelState.FAILED, f.lastRequest(), TunnelProblem.TUN_IO_FAILED);
      f.vm.refresh();
      expect(await until(() => f.system.calls.includes('stop'))).assertTrue();
      expect(f.system.running).assertTrue();
      expect(f.ui().state).assertEqual(TunnelState.FAILED);
      expect(f.ui().canStop).assertTrue();
      f.system.stopError = null;
      await f.vm.stop();
      expect(f.system.running).assertFalse();
      expect(f.ui().canStop).assertFalse();
      expect(f.ui().canStart).assertTrue();
      f.done();
    });

    it('a failed start strands the app: a page opened after a failure stops the ability left behind, once', 0, async () => {
      const f = new Fixture();
      // An earlier page started the ability, which failed; this page knows nothing of it.
      f.system.running = true;
      f.publish(TunnelState.FAILED, 'earlier-request', TunnelProblem.ENDPOINT_UNRESOLVED);
      await f.vm.load();
      expect(f.ui().state).assertEqual(TunnelState.FAILED);
      expect(await until(() => !f.system.running)).assertTrue();
      expect(await until(() => !f.ui().canStop)).assertTrue();
      // Loading again (e.g. after an import) does not stop anything again (a stop would be called
      // synchronously from load's refresh).
      await f.vm.load();
      expect(f.system.calls.join(',')).assertEqual('stop');
      await f.vm.start();
      expect(f.system.creates).assertEqual(1);
      f.done();
    });
  });
}
