/**
 * Stand-ins every app suite needs: the app's real English strings as a TextSource, a TextSource that
 * spells out the resource name and arguments, and a VpnControl that does nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AlwaysOnAvailability, TextSource, VpnControl } from '../../entry/src/main/ets/viewmodel/MainViewModel';

const strings = new Map<string, string>(
  JSON.parse(fs.readFileSync(path.join(process.cwd(), 'entry/src/main/resources/base/element/string.json'), 'utf8'))
    .string.map((s: { name: string; value: string }) => [s.name, s.value]));

/** The texts of entry/src/main/resources/base (English), `{0}`… replaced by the arguments; throws on an unknown name. */
export class EnglishTexts implements TextSource {
  text(name: string, args: string[]): string {
    const t = strings.get(name);
    if (t === undefined) throw new Error(`no string resource ${name}`);
    return args.reduce((acc, a, i) => acc.split(`{${i}}`).join(a), t);
  }
}

/** `name arg0 arg1 …`: for suites that assert which resource was chosen, not its wording. */
export class AnyText implements TextSource {
  text(name: string, args: string[]): string { return [name, ...args].join(' '); }
}

/** A VpnControl that accepts every call and does nothing (no always-on). */
export class NoControl implements VpnControl {
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async alwaysOnAvailability(): Promise<AlwaysOnAvailability> { return AlwaysOnAvailability.NOT_PROVIDED; }
  async isAlwaysOn(): Promise<boolean> { return false; }
  async setAlwaysOn(): Promise<void> {}
}
