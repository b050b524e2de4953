/**
 * Issue 11 item 7: a status change the VPN process publishes reaches the visible page within 200 ms
 * without polling the file: MainViewModel + StatusFollower over the real file watch
 * (StatusFileWatcher → host fileIo.createWatcher → inotify), with the status written by another
 * process exactly as the VPN process writes it (temporary file, then rename). The follower's
 * liveness tick is set to 60 s here, so only the watch can deliver within the limit. Limit by the
 * margin rule: max(5 × 200 ms, 200 ms + 5 s) = 5.2 s; the measured figures are printed. A page that
 * opens later reads the same file (the source of truth) without any event.
 */
import { describe, it, expect } from '@ohos/hypium';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlwaysOnAvailability, MainUiState, MainViewModel, TextSource, VpnControl } from '../../entry/src/main/ets/viewmodel/MainViewModel';
import { StatusFollower } from '../../entry/src/main/ets/viewmodel/StatusFollower';
import { StatusFileWatcher } from '../../entry/src/main/ets/store/StatusWatcher';
import { TunnelState, TunnelStatus } from '../../entry/src/main/ets/model/TunnelStatus';
import { NoControl, AnyText } from './texts-fixture';

const GOAL_MS = 200;
const LIMIT_MS = Math.max(5 * GOAL_MS, GOAL_MS + 5000);
const BOOT_WALL_MS = 1_699_999_000_000;


/** A stand-in VPN process: writes each status line it reads on stdin to status.json (tmp + fsync + rename). */
const WRITER = `
const fs = require('node:fs'), path = require('node:path'), rl = require('node:readline');
const dir = process.argv[1];
rl.createInterface({ input: process.stdin }).on('line', (json) => {
  const tmp = path.join(dir, 'status.json.' + process.pid + '.tmp');
  const fd = fs.openSync(tmp, 'w'); fs.writeSync(fd, json); fs.fsyncSync(fd); fs.closeSync(fd);
  fs.renameSync(tmp, path.join(dir, 'status.json'));
  process.stdout.write('written\\n');
});`;

function statusJson(state: TunnelState, now: number): string {
  const s = new TunnelStatus();
  s.state = state;
  s.tunnelName = 'home';
  s.updatedMs = now;
  s.uptimeMs = now - BOOT_WALL_MS;
  return s.toJson();
}

export default function statusWatchTest(): void {
  describe('Status to the page without polling (issue 11.7)', () => {
    it('each state change written by the other process reaches the page within 200 ms (margin limit 5.2 s), with no poll', 0, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-watch-'));
      const now = Date.now();
      const vm = new MainViewModel(dir, new NoControl(), new AnyText(), () => Date.now(), null, () => Date.now() - BOOT_WALL_MS);
      const seen: Array<[number, TunnelState]> = [];
      vm.setListener((s: MainUiState) => { seen.push([performance.now(), s.state]); });
      await vm.load();
      const follower = new StatusFollower(vm, new StatusFileWatcher(dir), 60000);
      follower.start();
      expect(follower.isWatching()).assertTrue();
      const writer: ChildProcess = spawn(process.execPath, ['-e', WRITER, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
      const figures: number[] = [];
      try {
        for (const state of [TunnelState.CONNECTED, TunnelState.NO_HANDSHAKE, TunnelState.CONNECTED, TunnelState.STOPPED]) {
          const t0 = performance.now();
          writer.stdin!.write(statusJson(state, Date.now()) + '\n');
          const deadline = t0 + LIMIT_MS;
          while (!seen.some(([t, s]) => t >= t0 && s === state) && performance.now() < deadline) {
            await new Promise((r) => setImmediate(r));
          }
          const hit = seen.find(([t, s]) => t >= t0 && s === state);
          const ms = hit === undefined ? Infinity : hit[0] - t0;
          figures.push(ms);
          console.log(`      ${state}: on the page ${ms.toFixed(1)} ms after the write was asked for (goal ${GOAL_MS} ms, limit ${LIMIT_MS} ms)`);
          expect(ms <= LIMIT_MS).assertTrue();
        }
      } finally {
        follower.stop();
        writer.kill();
      }
      console.log(`      worst ${Math.max(...figures).toFixed(1)} ms over ${figures.length} changes`);
      // The file stays the source of truth: a page opened now, with no event, shows the last state.
      fs.writeFileSync(path.join(dir, 'status.json'), statusJson(TunnelState.CONNECTED, now));
      const later = new MainViewModel(dir, new NoControl(), new AnyText(), () => Date.now(), null, () => Date.now() - BOOT_WALL_MS);
      await later.load();
      expect(later.current().state).assertEqual(TunnelState.CONNECTED);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('a watch that cannot be set up falls back to polling, said by isWatching(); stop() ends both', 0, async () => {
      const dir = path.join(os.tmpdir(), `hwg-watch-missing-${process.pid}`);
      const vm = new MainViewModel(dir, new NoControl(), new AnyText(), () => Date.now(), null, () => 0);
      const follower = new StatusFollower(vm, new StatusFileWatcher(dir), 60000);
      follower.start(); // the directory does not exist: createWatcher throws 13900002
      expect(follower.isWatching()).assertFalse();
      follower.stop();
    });
  });
}
