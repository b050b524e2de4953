/**
 * What a person is told for each BusinessError code that vpnExtension's VpnConnection create /
 * protect / destroy document (API reference @ohos.net.vpnExtension, @since 11), and 202, which newer
 * systems return from create without consent (201 on 5.0.0): the sentence must be about what the
 * reference says the code means, codes of different meaning must read differently, and an
 * undocumented code gets the generic sentence. Every problem and state has words in English and
 * Simplified Chinese.
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

/** A documented code: the calls that list it, the reference's message, what the sentence must say. */
class Documented {
  constructor(readonly code: number, readonly calls: string, readonly reference: string, readonly mustSay: RegExp,
    readonly meaning: string) {}
}

const DOCUMENTED: Documented[] = [
  new Documented(201, 'setUp; create without consent on 5.0.0', 'Permission denied.', /not allowed to create a VPN/, 'permission'),
  new Documented(202, 'create without consent on newer systems (service source)', 'Non-system applications use system APIs.',
    /not allowed to create a VPN/, 'permission'),
  new Documented(401, 'create, protect, destroy', 'Parameter error.', /refused the tunnel's addresses or routes/, 'bad settings'),
  new Documented(2200001, 'create, protect', 'Invalid parameter value.', /refused the tunnel's addresses or routes/, 'bad settings'),
  new Documented(2200002, 'create, protect, destroy', 'Operation failed. Cannot connect to service.', /network service is not available/, 'no service'),
  new Documented(2200003, 'create, protect, destroy', 'System internal error.', /system could not create the VPN/, 'internal'),
  new Documented(2203001, 'create', 'VPN creation denied, please check the user type.', /user account may not create VPNs/, 'user type'),
  new Documented(2203002, 'create', 'VPN exist already, please execute destroy first.', /Another VPN is active/, 'another VPN'),
  new Documented(2203004, 'protect', 'Invalid socket file descriptor.', /kept outside the VPN/, 'socket'),
];

export default function vpnErrorCodesTest(): void {
  describe('VpnErrorCodes', () => {
    const en = strings('base');
    const sentence = (code: number): string => en.get(problemResourceName(problemForVpnErrorCode(code))) ?? '';

    it('tells a person what each documented code means (API reference messages)', 0, () => {
      for (const d of DOCUMENTED) {
        const text = sentence(d.code);
        console.log(`${d.code} ${d.calls} "${d.reference}" -> "${text}"`);
        expect(`${d.code}: ${d.mustSay.test(text)}`).assertEqual(`${d.code}: true`);
      }
    });

    it('codes of different meaning read differently; an undocumented code reads as the internal error', 0, () => {
      for (const a of DOCUMENTED) {
        for (const b of DOCUMENTED) {
          expect(`${a.code}/${b.code}: ${sentence(a.code) === sentence(b.code)}`).assertEqual(`${a.code}/${b.code}: ${a.meaning === b.meaning}`);
        }
      }
      for (const unknown of [0, 12345, 2203003, 2200004]) {
        expect(`${unknown}: ${sentence(unknown)}`).assertEqual(`${unknown}: ${sentence(2200003)}`);
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
