/**
 * Host implementation of `@kit.BasicServicesKit`: BusinessError, deviceInfo and systemDateTime.
 * `deviceInfo.sdkApiVersion` is the emulated API level (HARMONYWG_API_LEVEL, default 20), read at each
 * access so a test can switch levels.
 */
import fs from 'node:fs';
import os from 'node:os';
import { BusinessError, hostRuntime } from '../runtime';

export { BusinessError };

/** Device information; only the members of the SDK's deviceInfo that the app reads. */
export const deviceInfo = {
  get sdkApiVersion(): number { return hostRuntime().apiLevel; },
  get osFullName(): string { return `OpenHarmony-host-${os.type()}-${os.release()} (API ${hostRuntime().apiLevel})`; },
  get productModel(): string { return 'HarmonyWG-host'; },
};

/**
 * System time. getUptime(STARTUP) is the boot-time clock that keeps counting through suspend
 * (Linux CLOCK_BOOTTIME), one clock for every process as on the device: CLOCK_MONOTONIC
 * (process.hrtime, shared by all processes) plus the time the machine had spent suspended when this
 * module loaded (/proc/uptime − CLOCK_MONOTONIC, 10 ms resolution; a host that suspends while the
 * tests run is not followed). ACTIVE (excluding deep sleep) is CLOCK_MONOTONIC.
 *
 * Tests that emulate a device sleep move STARTUP forward for every process of the app at once:
 * HARMONYWG_BOOT_CLOCK_OFFSET_FILE names a file holding an offset in ms (see setBootClockOffset in
 * runtime.ts), re-read when 50 ms of CLOCK_MONOTONIC have passed since the last read — so the first
 * reading after a process was frozen (SIGSTOP) already sees the new offset.
 */
export namespace systemDateTime {
  export enum TimeType { STARTUP = 0, ACTIVE = 1 }

  export function getUptime(timeType: TimeType, isNanoseconds?: boolean): number {
    if (timeType !== TimeType.STARTUP && timeType !== TimeType.ACTIVE) throw new BusinessError(401, 'Parameter error: timeType');
    const mono = monotonicMs();
    const ms = timeType === TimeType.STARTUP ? mono + suspendedMs + testOffsetMs(mono) : mono;
    return isNanoseconds ? Math.round(ms * 1e6) : Math.floor(ms);
  }

  function monotonicMs(): number {
    return Number(process.hrtime.bigint()) / 1e6;
  }

  /** CLOCK_BOOTTIME − CLOCK_MONOTONIC when this module loaded (ms, ≥ 0). */
  const suspendedMs = ((): number => {
    try {
      const boottime = Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
      return Math.max(0, Math.round((boottime - monotonicMs()) / 10) * 10);
    } catch {
      return 0;
    }
  })();

  let offsetReadAtMs = -Infinity;
  let offsetMs = 0;

  function testOffsetMs(mono: number): number {
    const file = process.env.HARMONYWG_BOOT_CLOCK_OFFSET_FILE;
    if (!file) return 0;
    if (mono - offsetReadAtMs >= 50) {
      offsetReadAtMs = mono;
      try {
        const v = Number(fs.readFileSync(file, 'utf8').trim());
        offsetMs = Number.isFinite(v) ? v : 0;
      } catch {
        offsetMs = 0;
      }
    }
    return offsetMs;
  }
}
