/**
 * Host implementation of `@kit.BasicServicesKit`: BusinessError and deviceInfo.
 * `deviceInfo.sdkApiVersion` is the emulated API level (HARMONYWG_API_LEVEL, default 20), read at each
 * access so a test can switch levels.
 */
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
 * System time: getUptime(STARTUP) is Linux CLOCK_BOOTTIME (counts through suspend), ACTIVE is
 * CLOCK_MONOTONIC; Node's performance.now() is monotonic, used for both (a host does not suspend here).
 */
export namespace systemDateTime {
  export enum TimeType { STARTUP = 0, ACTIVE = 1 }
  export function getUptime(timeType: TimeType, isNanoseconds?: boolean): number {
    if (timeType !== TimeType.STARTUP && timeType !== TimeType.ACTIVE) throw new BusinessError(401, 'Parameter error: timeType');
    const ms = performance.timeOrigin - bootOffsetMs + performance.now();
    return isNanoseconds ? Math.round(ms * 1e6) : Math.floor(ms);
  }
  /** Wall time at boot (ms), so uptime values are comparable across processes like the device's. */
  const bootOffsetMs = Date.now() - Number(os.uptime()) * 1000;
}
