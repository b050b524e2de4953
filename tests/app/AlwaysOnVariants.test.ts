/**
 * The always-on toggle in the two builds (issue 10 item 4): the public target's source set has no
 * always-on API, so SystemVpnControl reports NOT_PROVIDED and never calls a system function; the system
 * target's source set feature-detects vpnExtension.isAlwaysOnVpnEnabled / setAlwaysOnVpnEnabled
 * (@systemapi @since 11) and maps 201 / 202 to NOT_PERMITTED; an API that works gives AVAILABLE.
 */
import { describe, it, expect } from '@ohos/hypium';
import { vpnExtension } from '@kit.NetworkKit';
import { alwaysOnApi as publicAlwaysOnApi } from '../../entry/src/default/AlwaysOnProvider';
import { alwaysOnApi as systemAlwaysOnApi } from '../../entry/src/system/AlwaysOnProvider';
import { AlwaysOnApi } from '../../entry/src/main/ets/viewmodel/AlwaysOnApi';
import { SystemVpnControl } from '../../entry/src/main/ets/viewmodel/SystemVpnControl';
import { AlwaysOnAvailability, VpnControlError } from '../../entry/src/main/ets/viewmodel/MainViewModel';

class WorkingAlwaysOn implements AlwaysOnApi {
  enabled = false;
  calls: string[] = [];
  async isAlwaysOnVpnEnabled(bundleName: string): Promise<boolean> { this.calls.push(`is ${bundleName}`); return this.enabled; }
  async setAlwaysOnVpnEnabled(enable: boolean, bundleName: string): Promise<void> { this.calls.push(`set ${enable} ${bundleName}`); this.enabled = enable; }
}

export default function alwaysOnVariantsTest(): void {
  describe('AlwaysOnVariants', () => {
    it('public build: no always-on API, NOT_PROVIDED, and setting it fails with 801 instead of calling the system', 0, async () => {
      expect(publicAlwaysOnApi()).assertNull();
      const c = new SystemVpnControl();
      expect(await c.alwaysOnAvailability()).assertEqual(AlwaysOnAvailability.NOT_PROVIDED);
      expect(await c.isAlwaysOn()).assertFalse();
      let code = 0;
      try { await c.setAlwaysOn(true); } catch (e) { code = (e as VpnControlError).code; }
      expect(code).assertEqual(801);
    });

    it('system build: the system API where registered; the host refuses a normal app with 202 → NOT_PERMITTED', 0, async () => {
      const api = systemAlwaysOnApi();
      expect(api === null).assertFalse();
      expect(await new SystemVpnControl(api).alwaysOnAvailability()).assertEqual(AlwaysOnAvailability.NOT_PERMITTED);
    });

    it('system build on a system that does not register the functions (OpenHarmony): NOT_PROVIDED, no crash', 0, async () => {
      const ns = vpnExtension as unknown as Record<string, unknown>;
      const saved = ns.isAlwaysOnVpnEnabled;
      ns.isAlwaysOnVpnEnabled = undefined;
      try {
        expect(systemAlwaysOnApi()).assertNull();
      } finally {
        ns.isAlwaysOnVpnEnabled = saved;
      }
    });

    it('an always-on API that works: AVAILABLE, and the setting goes to the app\'s own bundle', 0, async () => {
      const api = new WorkingAlwaysOn();
      const c = new SystemVpnControl(api);
      expect(await c.alwaysOnAvailability()).assertEqual(AlwaysOnAvailability.AVAILABLE);
      await c.setAlwaysOn(true);
      expect(await c.isAlwaysOn()).assertTrue();
      expect(api.calls.includes('set true org.harmonywg.vpn')).assertTrue();
    });
  });
}
