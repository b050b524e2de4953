/**
 * Host implementation of `@kit.LocalizationKit` (resourceManager): strings from
 * `<resourcesDir>/<locale>/element/string.json`, falling back to `base`. The locale comes from
 * HARMONYWG_LOCALE (e.g. zh_CN, en_US; default: base only).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BusinessError, hostRuntime } from '../runtime';

export namespace resourceManager {
  export class ResourceManager {
    /** `entry/src/main/resources` unless given. */
    readonly resourcesDir: string;
    constructor(resourcesDir?: string) {
      this.resourcesDir = resourcesDir ?? path.join(hostRuntime().repo, 'entry', 'src', 'main', 'resources');
    }
    private lookup(locale: string, name: string): string | undefined {
      const f = path.join(this.resourcesDir, locale, 'element', 'string.json');
      if (!fs.existsSync(f)) return undefined;
      const j = JSON.parse(fs.readFileSync(f, 'utf8'));
      const e = (j.string ?? []).find((s: any) => s.name === name);
      return e ? String(e.value) : undefined;
    }
    /** Throws BusinessError 401 (not a string) or 9001003 (no such resource name). */
    getStringByNameSync(resName: string): string {
      if (typeof resName !== 'string') throw new BusinessError(401, 'Parameter error: resName');
      const locale = process.env.HARMONYWG_LOCALE;
      const v = (locale ? this.lookup(locale, resName) : undefined) ?? this.lookup('base', resName);
      if (v === undefined) throw new BusinessError(9001003, 'Invalid resource name.');
      return v;
    }
  }
}
