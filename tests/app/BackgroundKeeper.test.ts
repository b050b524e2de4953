/**
 * Keeping the UI process alive while connected: the view model holds the continuous task only while a
 * tunnel runs, and the system keeper gets it from the (host) system only when module.json5 declares
 * the dataTransfer background mode, as the device verifies.
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

    it('gets a continuous task from the system when module.json5 declares dataTransfer, and gives it back', 0, async () => {
      const state = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-keep-state-'));
      process.env.HARMONYWG_STATE_DIR = state;
      const keeper = new SystemBackgroundKeeper(createHostContext({ filesDir: path.join(state, 'files') }));
      const file = path.join(state, `background-task-${process.pid}.json`);
      expect(await keeper.hold()).assertTrue();
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).mode).assertEqual('dataTransfer');
      await keeper.release();
      expect(fs.existsSync(file)).assertFalse();
      fs.rmSync(state, { recursive: true, force: true });
    });

    it('is refused (9800005) when the manifest does not declare the mode, without throwing', 0, async () => {
      const state = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-keep-state-'));
      process.env.HARMONYWG_STATE_DIR = state;
      const manifest = path.join(state, 'module.json5');
      const m = fs.readFileSync(path.join(process.cwd(), 'entry/src/main/module.json5'), 'utf8').replace(/"backgroundModes": \[[^\]]*\],/, '');
      fs.writeFileSync(manifest, m);
      process.env.HARMONYWG_MODULE_JSON5 = manifest;
      const keeper = new SystemBackgroundKeeper(createHostContext({ filesDir: path.join(state, 'files') }));
      expect(await keeper.hold()).assertFalse();
      expect(fs.existsSync(path.join(state, `background-task-${process.pid}.json`))).assertFalse();
      delete process.env.HARMONYWG_MODULE_JSON5;
      fs.rmSync(state, { recursive: true, force: true });
    });
  });
}
