/**
 * Host kits without a namespace: fileIo (real fds, errno → 139000xx codes, plain vs positional I/O),
 * hilog privacy formatting and levels, resourceManager locales, deviceInfo API level, app context.
 */
import { describe, it, expect, afterEach } from '@ohos/hypium';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileIo } from './kits/CoreFileKit';
import { hilog } from './kits/PerformanceAnalysisKit';
import { deviceInfo, systemDateTime } from './kits/BasicServicesKit';
import { cryptoFramework } from './kits/CryptoArchitectureKit';
import { backgroundTaskManager } from './kits/BackgroundTasksKit';
import { wantAgent } from './kits/AbilityKit';
import { createHostContext } from './app';
import { setBootClockOffset } from './runtime';

function code(f: () => unknown): number | string {
  try { f(); return 'ok'; } catch (e: any) { return e && e.code !== undefined ? e.code : String(e); }
}

export default function hostKitsTest(): void {
  describe('HostKits', () => {
    afterEach(() => { delete process.env.HARMONYWG_LOCALE; delete process.env.HARMONYWG_API_LEVEL; delete process.env.HARMONYWG_LOG; });

    it('fileIo reads and writes real fds and maps errno to 139000xx codes', 0, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-kits-'));
      try {
        const f = fileIo.openSync(path.join(dir, 'a'), fileIo.OpenMode.READ_WRITE | fileIo.OpenMode.CREATE);
        expect(f.name).assertEqual('a');
        expect(fileIo.writeSync(f.fd, 'hello world')).assertEqual(11);
        const buf = new ArrayBuffer(5);
        expect(fileIo.readSync(f.fd, buf, { offset: 6 })).assertEqual(5);
        expect(Buffer.from(buf).toString()).assertEqual('world');
        fileIo.closeSync(f);
        expect(fileIo.readTextSync(path.join(dir, 'a'))).assertEqual('hello world');
        expect(fileIo.accessSync(path.join(dir, 'nope'))).assertFalse();
        expect(code(() => fileIo.openSync(path.join(dir, 'nope')))).assertEqual(13900002);
        expect(code(() => fileIo.mkdirSync(dir))).assertEqual(13900015);
        fileIo.mkdirSync(path.join(dir, 'x', 'y'), true);
        fileIo.renameSync(path.join(dir, 'a'), path.join(dir, 'x', 'b'));
        expect(fileIo.listFileSync(path.join(dir, 'x')).sort().join()).assertEqual('b,y');
        fileIo.unlinkSync(path.join(dir, 'x', 'b'));
        expect(code(() => fileIo.readSync(9999, new ArrayBuffer(1)))).assertEqual(13900008);
      } finally { fs.rmSync(dir, { recursive: true, force: true }); }
    });

    it('hilog shows %{public} arguments and hides private and plain ones', 0, () => {
      const s = hilog.formatMessage('a=%{public}s b=%{private}s c=%s d=%{public}d e=%d %%', ['x', 'secret', 'k', 42.7, 3]);
      expect(s).assertEqual('a=x b=<private> c=<private> d=42 e=<private> %');
      expect(hilog.isLoggable(1, 't', hilog.LogLevel.INFO)).assertFalse();
      expect(hilog.isLoggable(1, 't', hilog.LogLevel.WARN)).assertTrue();
      process.env.HARMONYWG_LOG = 'debug';
      expect(hilog.isLoggable(1, 't', hilog.LogLevel.DEBUG)).assertTrue();
    });

    it('cryptoFramework.createRandom: CTR_DRBG, len bytes per call, 401 for a len outside [1, INT_MAX] as the reference says', 0, () => {
      const r = cryptoFramework.createRandom();
      expect(r.algName).assertEqual('CTR_DRBG');
      for (const n of [1, 4, 24, 32, 65537]) expect(r.generateRandomSync(n).data.length).assertEqual(n);
      const a = Buffer.from(r.generateRandomSync(32).data);
      const b = Buffer.from(r.generateRandomSync(32).data);
      expect(a.equals(b)).assertFalse();
      for (const bad of [0, -1, 1.5, 2147483648, NaN]) expect(code(() => r.generateRandomSync(bad))).assertEqual(401);
    });

    it('systemDateTime.getUptime(STARTUP) is the kernel\'s boot-time clock (/proc/uptime), one clock for every process', 0, () => {
      const { STARTUP, ACTIVE } = systemDateTime.TimeType;
      for (let i = 0; i < 5; i++) {
        const before = systemDateTime.getUptime(STARTUP);
        const proc = Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
        const after = systemDateTime.getUptime(STARTUP);
        // /proc/uptime is truncated to 10 ms; the reading lies between the two kit readings.
        expect(proc >= before - 20 && proc <= after + 1).assertTrue();
      }
      expect(systemDateTime.getUptime(STARTUP) >= systemDateTime.getUptime(ACTIVE)).assertTrue();
      const ns = systemDateTime.getUptime(STARTUP, true);
      expect(Math.abs(ns / 1e6 - systemDateTime.getUptime(STARTUP)) < 50).assertTrue();
      expect(code(() => systemDateTime.getUptime(7 as unknown as typeof STARTUP))).assertEqual(401);
    });

    it('HARMONYWG_BOOT_CLOCK_OFFSET_FILE moves STARTUP (not ACTIVE) in every process that names it', 0, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-boot-'));
      const file = path.join(dir, 'offset');
      const { STARTUP, ACTIVE } = systemDateTime.TimeType;
      try {
        process.env.HARMONYWG_BOOT_CLOCK_OFFSET_FILE = file;
        setBootClockOffset(file, 0);
        const start = Date.now();
        while (Math.abs(systemDateTime.getUptime(STARTUP) - systemDateTime.getUptime(ACTIVE)) > 20 && Date.now() - start < 5000) {
          await new Promise((r) => setTimeout(r, 10));
        }
        const base = systemDateTime.getUptime(STARTUP) - systemDateTime.getUptime(ACTIVE);
        setBootClockOffset(file, 600000);
        const t0 = Date.now();
        let moved = 0;
        while (Date.now() - t0 < 5000) {
          moved = systemDateTime.getUptime(STARTUP) - systemDateTime.getUptime(ACTIVE) - base;
          if (moved > 599000) break;
          await new Promise((r) => setTimeout(r, 5));
        }
        console.log(`offset seen after ${Date.now() - t0} ms (limit 5000, goal 50); moved ${moved} ms`);
        expect(Math.abs(moved - 600000) < 20).assertTrue();
      } finally {
        delete process.env.HARMONYWG_BOOT_CLOCK_OFFSET_FILE;
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('backgroundTaskManager verifies backgroundModes like the device (9800005 when undeclared) and records the held task', 0, async () => {
      const state = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-bg-'));
      process.env.HARMONYWG_STATE_DIR = state;
      const ctx = createHostContext({ filesDir: path.join(state, 'files') });
      const agent = await wantAgent.getWantAgent({ wants: [{ bundleName: 'org.harmonywg.vpn', abilityName: 'EntryAbility' }], requestCode: 0 });
      const file = path.join(state, `background-task-${process.pid}.json`);
      try {
        await backgroundTaskManager.startBackgroundRunning(ctx, backgroundTaskManager.BackgroundMode.DATA_TRANSFER, agent);
        expect(JSON.parse(fs.readFileSync(file, 'utf8')).mode).assertEqual('dataTransfer');
        await backgroundTaskManager.stopBackgroundRunning(ctx);
        expect(fs.existsSync(file)).assertFalse();
        const manifest = path.join(state, 'module.json5');
        fs.writeFileSync(manifest, fs.readFileSync(path.join(process.cwd(), 'entry/src/main/module.json5'), 'utf8').replace(/"backgroundModes": \[[^\]]*\],/, ''));
        process.env.HARMONYWG_MODULE_JSON5 = manifest;
        let code = 0;
        try {
          await backgroundTaskManager.startBackgroundRunning(ctx, backgroundTaskManager.BackgroundMode.DATA_TRANSFER, agent);
        } catch (e: any) {
          code = e.code;
        }
        expect(code).assertEqual(9800005);
        expect(fs.existsSync(file)).assertFalse();
      } finally {
        delete process.env.HARMONYWG_MODULE_JSON5;
        delete process.env.HARMONYWG_STATE_DIR;
        fs.rmSync(state, { recursive: true, force: true });
      }
    });

    it('deviceInfo.sdkApiVersion follows HARMONYWG_API_LEVEL (default 20)', 0, () => {
      expect(deviceInfo.sdkApiVersion).assertEqual(20);
      process.env.HARMONYWG_API_LEVEL = '23';
      expect(deviceInfo.sdkApiVersion).assertEqual(23);
    });

    it('createHostContext: dirs, identity, strings by locale, 9001003 for an unknown name', 0, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-ctx-'));
      try {
        const ctx = createHostContext({ filesDir: path.join(dir, 'files') });
        expect(fs.existsSync(ctx.filesDir) && fs.existsSync(ctx.cacheDir) && fs.existsSync(ctx.tempDir)).assertTrue();
        expect(ctx.applicationInfo.name).assertEqual('org.harmonywg.vpn');
        expect(ctx.resourceManager.getStringByNameSync('module_desc')).assertEqual('HarmonyWG: WireGuard VPN');
        process.env.HARMONYWG_LOCALE = 'zh_CN';
        expect(ctx.resourceManager.getStringByNameSync('module_desc') !== 'HarmonyWG: WireGuard VPN').assertTrue();
        expect(code(() => ctx.resourceManager.getStringByNameSync('no_such_string'))).assertEqual(9001003);
      } finally { fs.rmSync(dir, { recursive: true, force: true }); }
    });
  });
}
