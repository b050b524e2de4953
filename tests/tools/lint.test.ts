// hypium-timeout: 120000
/**
 * The lint gate's own behaviour: `any` inserted into any .ets file makes it fail, naming the rule; UI
 * pages are type-checked against the ArkUI component declarations of @arkts/declarations; an unknown
 * SDK member fails; a member newer than compatibleSdkVersion (12) fails unless it is feature-checked.
 */
import { describe, it, expect } from '@ohos/hypium';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = process.cwd();

function etsFiles(dir: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) etsFiles(p, out);
    else if (name.endsWith('.ets')) out.push(p);
  }
  return out;
}

/**
 * Lints `files` (name → text) written to a fresh folder (`API_LEVEL_IMPORT` in a text becomes the
 * import of the app's ApiLevel helper); returns the exit status and the output.
 */
function lintFiles(files: Record<string, string>): { status: number | null; out: string; rel: (name: string) => string } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-lint-'));
  const helper = path.relative(tmp, path.join(repo, 'entry/src/main/ets/common/ApiLevel')).split(path.sep).join('/');
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(tmp, name), text.replace('API_LEVEL_IMPORT', `import { ApiLevel } from '${helper}';`));
  }
  const r = spawnSync(process.execPath, [path.join(repo, 'tests/tools/lint.mjs'), ...Object.keys(files).map((n) => path.join(tmp, n))],
    { cwd: repo, encoding: 'utf8' });
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(r.stdout.trim().split('\n').filter((l) => !l.includes('TS28040')).join('\n'));
  return { status: r.status, out: r.stdout, rel: (name: string) => path.relative(repo, path.join(tmp, name)) };
}

/** A page file with `body` inside build()'s Column. */
function page(body: string, extra = ''): string {
  return `${extra}\n@Entry\n@Component\nstruct Probe {\n  @State n: number = 1;\n\n  build() {\n    Column() {\n${body}\n    }\n  }\n}\n`;
}

/** The line number (1-based) of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

export default function lintTest(): void {
  describe('LintGate', () => {
    it('fails on `let x: any = 1` inserted into every .ets file, naming arkts-no-any-unknown at each', 0, () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-lint-'));
      const files = etsFiles(path.join(repo, 'entry/src'));
      const args: string[] = [path.join(repo, 'tests/tools/lint.mjs')];
      files.forEach((f, i) => {
        const copy = path.join(tmp, `${i}.ets`);
        fs.writeFileSync(copy, fs.readFileSync(f, 'utf8') + '\nlet x: any = 1;\n');
        args.push('--override', `${path.relative(repo, f)}=${copy}`);
      });
      const r = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8' });
      fs.rmSync(tmp, { recursive: true, force: true });
      expect(r.status).assertEqual(1);
      const flagged = r.stdout.split('\n').filter((l) => l.includes(' arkts-no-any-unknown '));
      for (const f of files) {
        const rel = path.relative(repo, f);
        const hit = flagged.some((l) => l.startsWith(rel + ':'));
        if (!hit) console.error(`not flagged: ${rel}`);
        expect(hit).assertTrue();
      }
    });
    it('reports problems as file:line:col rule message', 0, () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-lint-'));
      const target = 'entry/src/main/ets/core/crypto/Keys.ets';
      const copy = path.join(tmp, 'k.ets');
      const lines = fs.readFileSync(path.join(repo, target), 'utf8').split('\n');
      fs.writeFileSync(copy, lines.join('\n') + '\nconst point = { x: 1 };\nexport const y: number = point.x;\n');
      const r = spawnSync(process.execPath, [path.join(repo, 'tests/tools/lint.mjs'), '--override', `${target}=${copy}`, target], { cwd: repo, encoding: 'utf8' });
      fs.rmSync(tmp, { recursive: true, force: true });
      expect(r.status).assertEqual(1);
      expect(r.stdout.includes(`${target}:${lines.length + 1}:15 arkts-no-untyped-obj-literals `)).assertTrue();
    });
    it('passes a page that uses components and attributes as declared', 0, () => {
      const r = lintFiles({ 'Good.ets': page(`      Text('x').fontSize(16).fontColor(Color.Gray)\n      Toggle({ type: ToggleType.Switch, isOn: true })`) });
      expect(r.status).assertEqual(0);
    });
    it('fails a page that passes a wrong type to a component attribute (Text.fontSize(true))', 0, () => {
      const text = page(`      Text('x').fontSize(true)`);
      const r = lintFiles({ 'P.ets': text });
      expect(r.status).assertEqual(1);
      expect(r.out.includes(`${r.rel('P.ets')}:${lineOf(text, 'fontSize(true)')}:`)).assertTrue();
      expect(/ TS2345 Argument of type 'boolean' is not assignable/.test(r.out)).assertTrue();
    });
    it('fails a page that names an attribute or a component that does not exist', 0, () => {
      const text = page(`      Text('x').fontSizeX(12)\n      NoSuchWidget()`);
      const r = lintFiles({ 'P.ets': text });
      expect(r.status).assertEqual(1);
      expect(r.out.includes(`:${lineOf(text, 'fontSizeX')}:`) && r.out.includes("Property 'fontSizeX' does not exist on type 'TextAttribute'")).assertTrue();
      expect(r.out.includes(`:${lineOf(text, 'NoSuchWidget')}:`) && r.out.includes("Cannot find name 'NoSuchWidget'")).assertTrue();
    });
    it('fails a wrong argument type to a component and to a @Builder', 0, () => {
      const text = page(`      Toggle({ type: 'switch', isOn: true })\n      Caption(42)`, `@Builder\nfunction Caption(text: string) {\n  Text(text)\n}\n`);
      const r = lintFiles({ 'P.ets': text });
      expect(r.status).assertEqual(1);
      expect(r.out.includes(`:${lineOf(text, "Toggle({ type: 'switch'")}:`)).assertTrue();
      expect(r.out.includes(`:${lineOf(text, 'Caption(42)')}:`) && r.out.includes("'number' is not assignable to parameter of type 'string'")).assertTrue();
    });
    it('fails an unknown member of a kit (vpnExtension.createVpnConnectionX)', 0, () => {
      const text = `import { vpnExtension } from '@kit.NetworkKit';\nimport { common } from '@kit.AbilityKit';\n\n` +
        `export function open(ctx: common.Context): void {\n  vpnExtension.createVpnConnectionX(ctx);\n}\n`;
      const r = lintFiles({ 'M.ets': text });
      expect(r.status).assertEqual(1);
      expect(r.out.includes(`${r.rel('M.ets')}:5:16 TS`) && r.out.includes("Property 'createVpnConnectionX' does not exist on type 'typeof vpnExtension'")).assertTrue();
    });
    it('fails an unguarded API-22 call (VpnConnection.protectProcessNet) and passes it behind ApiLevel.atLeast(22) or canIUse', 0, () => {
      const head = (extra: string) => `import { vpnExtension } from '@kit.NetworkKit';\n${extra}\n\n`;
      const bare = head('') + `export async function p(c: vpnExtension.VpnConnection): Promise<void> {\n  await c.protectProcessNet();\n}\n`;
      const r1 = lintFiles({ 'U.ets': bare });
      expect(r1.status).assertEqual(1);
      expect(r1.out.includes(`${r1.rel('U.ets')}:${lineOf(bare, 'protectProcessNet')}:11 compat-since VpnConnection.protectProcessNet is @since 22`)).assertTrue();
      // the guard's level must reach the member's: atLeast(21) is not enough
      const low = head('API_LEVEL_IMPORT') + `export async function p(c: vpnExtension.VpnConnection): Promise<void> {\n  if (ApiLevel.atLeast(21)) {\n    await c.protectProcessNet();\n  }\n}\n`;
      const r2 = lintFiles({ 'L.ets': low });
      expect(r2.status).assertEqual(1);
      expect(r2.out.includes(' compat-since VpnConnection.protectProcessNet is @since 22')).assertTrue();
      const guarded = head('API_LEVEL_IMPORT') + `export async function p(c: vpnExtension.VpnConnection, fallback: boolean): Promise<void> {\n` +
        `  if (!fallback && ApiLevel.atLeast(22)) {\n    await c.protectProcessNet();\n  }\n` +
        `  if (canIUse('SystemCapability.Communication.NetManager.Vpn')) {\n    await c.protectProcessNet();\n  }\n}\n`;
      const r3 = lintFiles({ 'G.ets': guarded });
      expect(r3.status).assertEqual(0);
    });
    it('takes the lowest @since of repeated doc blocks (onVisibleAreaChange 9…13 passes), and a new-only member fails (enableHapticFeedback @since 13)', 0, () => {
      const ok = page(`      Text('x').onVisibleAreaChange([0.0, 1.0], (isVisible: boolean, ratio: number) => {})`);
      expect(lintFiles({ 'V.ets': ok }).status).assertEqual(0);
      const bad = page(`      Text('x').enableHapticFeedback(true)`);
      const r = lintFiles({ 'H.ets': bad });
      expect(r.status).assertEqual(1);
      expect(r.out.includes(`:${lineOf(bad, 'enableHapticFeedback')}:17 compat-since TextAttribute.enableHapticFeedback is @since 13`)).assertTrue();
      const guarded = page(`      if (ApiLevel.atLeast(13)) {\n        Text('x').enableHapticFeedback(true)\n      }`, 'API_LEVEL_IMPORT');
      expect(lintFiles({ 'G.ets': guarded }).status).assertEqual(0);
    });
    it('accepts canIUse only with the member\'s own system capability', 0, () => {
      const text = `import { vpnExtension } from '@kit.NetworkKit';\n\nexport async function p(c: vpnExtension.VpnConnection): Promise<void> {\n` +
        `  if (canIUse('SystemCapability.ArkUI.ArkUI.Full')) {\n    await c.protectProcessNet();\n  }\n}\n`;
      const r = lintFiles({ 'C.ets': text });
      expect(r.status).assertEqual(1);
      expect(r.out.includes(':5:13 compat-since VpnConnection.protectProcessNet is @since 22')).assertTrue();
    });
    it('fails a system API (vpnExtension.isAlwaysOnVpnEnabled) outside the system source set', 0, () => {
      const text = `import { vpnExtension } from '@kit.NetworkKit';\n\nexport function on(): Promise<boolean> {\n  return vpnExtension.isAlwaysOnVpnEnabled('x');\n}\n`;
      const r = lintFiles({ 'S.ets': text });
      expect(r.status).assertEqual(1);
      expect(r.out.includes(`${r.rel('S.ets')}:4:23 TS2339 Property 'isAlwaysOnVpnEnabled' does not exist on type 'typeof vpnExtension'`)).assertTrue();
    });
    it('type-checks the system source set against the system supplement (a wrong call there fails)', 0, () => {
      const target = 'entry/src/system/AlwaysOnProvider.ets';
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-lint-'));
      const copy = path.join(tmp, 'a.ets');
      fs.writeFileSync(copy, fs.readFileSync(path.join(repo, target), 'utf8').replace('setAlwaysOnVpnEnabled(enable, bundleName)', 'setAlwaysOnVpnEnabled(bundleName)'));
      const r = spawnSync(process.execPath, [path.join(repo, 'tests/tools/lint.mjs'), '--override', `${target}=${copy}`, target], { cwd: repo, encoding: 'utf8' });
      fs.rmSync(tmp, { recursive: true, force: true });
      console.log(r.stdout.trim());
      expect(r.status).assertEqual(1);
      expect(r.stdout.includes(`${target}:`) && r.stdout.includes(' TS2554 Expected 2 arguments, but got 1.')).assertTrue();
      const clean = spawnSync(process.execPath, [path.join(repo, 'tests/tools/lint.mjs'), target], { cwd: repo, encoding: 'utf8' });
      expect(clean.status).assertEqual(0);
    });
    it('refuses a hand-written kit declaration in types/ohos (an ambient module that would hide the SDK\'s)', 0, () => {
      const file = path.join(repo, 'types/ohos', `Probe${process.pid}.d.ts`);
      fs.writeFileSync(file, "declare module '@kit.CoreFileKit' {\n  export namespace fileIo {\n    function fsyncSync(fd: number): void;\n  }\n}\n");
      let r;
      try {
        r = spawnSync(process.execPath, [path.join(repo, 'tests/tools/lint.mjs'), 'entry/src/main/ets/core/crypto/Keys.ets'], { cwd: repo, encoding: 'utf8' });
      } finally {
        fs.rmSync(file, { force: true });
      }
      console.log(r.stdout.trim());
      expect(r.status).assertEqual(1);
      expect(r.stdout.includes(`types/ohos/Probe${process.pid}.d.ts:1:1 sdk-supplement `)).assertTrue();
    });
    it('passes an untouched file', 0, () => {
      const r = spawnSync(process.execPath, [path.join(repo, 'tests/tools/lint.mjs'), 'entry/src/main/ets/core/crypto/Keys.ets'], { cwd: repo, encoding: 'utf8' });
      expect(r.status).assertEqual(0);
      expect(r.stdout.includes(', 0 errors,')).assertTrue();
    });
  });
}
