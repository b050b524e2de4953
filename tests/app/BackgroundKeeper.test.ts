/**
 * Keeping the UI process alive while connected: the view model holds the continuous task only while a
 * tunnel runs, and the system keeper asks backgroundTaskManager (@since 9) for a DATA_TRANSFER task
 * whose notification reopens the app, and takes a refusal without throwing. The calls are recorded
 * here, not read back from the host emulation's state (its own checks are in tests/host/kits.test.ts).
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlwaysOnAvailability, MainViewModel, TextSource, VpnControl, VpnControlError } from '../../entry/src/main/ets/viewmodel/MainViewModel';
import { BackgroundKeeper, SystemBackgroundKeeper } from '../../entry/src/main/ets/viewmodel/BackgroundKeeper';
import { StatusFile } from '../../entry/src/main/ets/store/StatusFile';
import { TunnelProblem, TunnelState, TunnelStatus } from '../../entry/src/main/ets/model/TunnelStatus';
import { createHostContext } from '../host/app';
import { backgroundTaskManager } from '../host/kits/BackgroundTasksKit';
import { wantAgent, WantAgent } from '../host/kits/AbilityKit';
import { BusinessError } from '../host/runtime';
import JSON5 from 'json5';

/** What the manifests declare (AppScope/app.json5, entry/src/main/module.json5). */
const manifest = ((): { bundleName: string; entryModes: string[]; permissions: string[] } => {
  const app = JSON5.parse(fs.readFileSync(path.join(process.cwd(), 'AppScope/app.json5'), 'utf8')).app;
  const m = JSON5.parse(fs.readFileSync(path.join(process.cwd(), 'entry/src/main/module.json5'), 'utf8')).module;
  const entry = m.abilities.find((a: { name: string }) => a.name === 'EntryAbility');
  return { bundleName: app.bundleName, entryModes: entry.backgroundModes ?? [], permissions: (m.requestPermissions ?? []).map((p: { name: string }) => p.name) };
})();

/** Records the keeper's calls to backgroundTaskManager (answering like the system), so the test sees what the app asks. */
class TaskManagerSpy {
  starts: Array<[number, WantAgent]> = [];
  stops = 0;
  private readonly saved = { start: backgroundTaskManager.startBackgroundRunning, stop: backgroundTaskManager.stopBackgroundRunning };
  constructor(refuseWith = 0) {
    const m = backgroundTaskManager as unknown as Record<string, unknown>;
    m.startBackgroundRunning = async (_ctx: unknown, mode: number, agent: WantAgent) => {
      if (refuseWith !== 0) throw new BusinessError(refuseWith, 'refused');
      this.starts.push([mode, agent]);
    };
    m.stopBackgroundRunning = async () => { this.stops++; };
  }
  restore(): void {
    const m = backgroundTaskManager as unknown as Record<string, unknown>;
    m.startBackgroundRunning = this.saved.start;
    m.stopBackgroundRunning = this.saved.stop;
  }
}

class AnyText implements TextSource { text(name: string): string { return name; } }

class Control implements VpnControl {
  refuse = false;
  async start(): Promise<void> { if (this.refuse) throw new VpnControlError(-1); }
  async stop(): Promise<void> {}
  async alwaysOnAvailability(): Promise<AlwaysOnAvailability> { return AlwaysOnAvailability.NOT_PROVIDED; }
  async isAlwaysOn(): Promise<boolean> { return false; }
  async setAlwaysOn(): Promise<void> {}
}

class CountingKeeper implements BackgroundKeeper {
  held = false;
  holds = 0;
  async hold(): Promise<boolean> { this.held = true; this.holds++; return true; }
  async release(): Promise<void> { this.held = false; }
}

function setup(): { dir: string; vm: MainViewModel; control: Control; keeper: CountingKeeper } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-keep-'));
  const control = new Control();
  const keeper = new CountingKeeper();
  const vm = new MainViewModel(dir, control, new AnyText(), () => Date.now(), keeper);
  vm.tunnelStore().save('home', '[Interface]\n');
  return { dir, vm, control, keeper };
}

export default function backgroundKeeperTest(): void {
  describe('BackgroundKeeper', () => {
    it('is held after a successful Start and released by Stop', 0, async () => {
      const f = setup();
      await f.vm.load();
      await f.vm.start();
      expect(f.keeper.held).assertTrue();
      await f.vm.stop();
      expect(f.keeper.held).assertFalse();
      fs.rmSync(f.dir, { recursive: true, force: true });
    });

    it('is not held when consent is refused, and is released when the tunnel fails', 0, async () => {
      const f = setup();
      await f.vm.load();
      f.control.refuse = true;
      await f.vm.start();
      expect(f.keeper.holds).assertEqual(0);
      f.control.refuse = false;
      await f.vm.start();
      expect(f.keeper.held).assertTrue();
      const s = new TunnelStatus();
      s.state = TunnelState.FAILED;
      s.problem = TunnelProblem.TUN_IO_FAILED;
      s.requestId = JSON.parse(fs.readFileSync(path.join(f.dir, 'active.json'), 'utf8')).requestId;
      s.updatedMs = Date.now();
      new StatusFile(f.dir).write(s);
      f.vm.refresh();
      expect(f.keeper.held).assertFalse();
      fs.rmSync(f.dir, { recursive: true, force: true });
    });

    it('asks the system for a DATA_TRANSFER continuous task whose notification reopens this app, once, and gives it back once', 0, async () => {
      const spy = new TaskManagerSpy();
      try {
        const keeper = new SystemBackgroundKeeper(createHostContext({}));
        expect(await keeper.hold()).assertTrue();
        expect(await keeper.hold()).assertTrue();
        expect(spy.starts.length).assertEqual(1);
        const [mode, agent] = spy.starts[0];
        expect(mode).assertEqual(backgroundTaskManager.BackgroundMode.DATA_TRANSFER);
        const want = agent.info.wants[0];
        // The bundle and ability the manifest declares; the ability declares the mode and the app the
        // permission, which the device verifies (startBackgroundRunning: 201, 9800005).
        expect(`${want.bundleName}/${want.abilityName}`).assertEqual(`${manifest.bundleName}/EntryAbility`);
        expect(agent.info.operationType).assertEqual(wantAgent.OperationType.START_ABILITY);
        expect(manifest.entryModes.includes('dataTransfer')).assertTrue();
        expect(manifest.permissions.includes('ohos.permission.KEEP_BACKGROUND_RUNNING')).assertTrue();
        await keeper.release();
        await keeper.release();
        expect(spy.stops).assertEqual(1);
      } finally {
        spy.restore();
      }
    });

    it('a refusal by the system (201, 9800005) resolves false without throwing, and release then asks nothing', 0, async () => {
      for (const code of [201, 9800005]) {
        const spy = new TaskManagerSpy(code);
        try {
          const keeper = new SystemBackgroundKeeper(createHostContext({}));
          expect(`${code}: ${await keeper.hold()}`).assertEqual(`${code}: false`);
          await keeper.release();
          expect(spy.stops).assertEqual(0);
        } finally {
          spy.restore();
        }
      }
    });
  });
}
