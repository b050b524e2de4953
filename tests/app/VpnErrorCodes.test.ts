/**
 * Every BusinessError code that VpnConnection.create / protect / destroy can reject with (API
 * reference @since 11, plus 202 from newer systems without consent) maps to a problem, and every
 * problem and state has words in English and Simplified Chinese.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import path from 'node:path';
import { problemForVpnErrorCode, problemResourceName, stateResourceName, TunnelProblem,
  TunnelState } from '../../entry/src/main/ets/model/TunnelStatus';

function strings(locale: string): Map<string, string> {
  const j = JSON.parse(fs.readFileSync(path.join(process.cwd(), `entry/src/main/resources/${locale}/element/string.json`), 'utf8'));
  return new Map(j.string.map((s: { name: string; value: string }) => [s.name, s.value]));
}

const TABLE: Array<[number, TunnelProblem]> = [
  [201, TunnelProblem.PERMISSION_DENIED],
  [202, TunnelProblem.PERMISSION_DENIED],
  [401, TunnelProblem.SYSTEM_REFUSED_CONFIG],
  [2200001, TunnelProblem.SYSTEM_REFUSED_CONFIG],
  [2200002, TunnelProblem.SERVICE_UNAVAILABLE],
  [2200003, TunnelProblem.SYSTEM_INTERNAL],
  [2203001, TunnelProblem.USER_NOT_ALLOWED],
  [2203002, TunnelProblem.ANOTHER_VPN_ACTIVE],
  [2203004, TunnelProblem.SOCKET_PROTECT_FAILED],
  [12345, TunnelProblem.SYSTEM_INTERNAL],
];

export default function vpnErrorCodesTest(): void {
  describe('VpnErrorCodes', () => {
    it('maps each documented code to the problem a person can act on', 0, () => {
      for (const [code, problem] of TABLE) {
        expect(`${code}:${problemForVpnErrorCode(code)}`).assertEqual(`${code}:${problem}`);
      }
    });

    it('has a non-empty sentence for every problem and state, in English and Chinese, and they differ', 0, () => {
      const en = strings('base');
      const zh = strings('zh_CN');
      const names = [
        ...Object.values(TunnelProblem).filter((p) => p !== TunnelProblem.NONE).map((p) => problemResourceName(p as TunnelProblem)),
        ...Object.values(TunnelState).map((s) => stateResourceName(s as TunnelState)),
      ];
      for (const n of names) {
        const e = en.get(n) ?? '';
        const z = zh.get(n) ?? '';
        if (e === '' || z === '') console.error(`missing text for ${n}`);
        expect(e.length > 0 && z.length > 0).assertTrue();
        expect(e === z).assertFalse();
      }
    });
  });
}
