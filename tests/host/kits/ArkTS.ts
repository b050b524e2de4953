/** Host `@kit.ArkTS`: `url.URL` (the WHATWG URL parser, as `@ohos.url`) over Node's URL; 10200002 for an invalid URL. */
import { BusinessError } from '../runtime';

export namespace url {
  export class URL {
    href: string;
    protocol: string;
    private constructor(u: globalThis.URL) { this.href = u.href; this.protocol = u.protocol; }
    static parseURL(input: string, base?: string | URL): URL {
      if (typeof input !== 'string') throw new BusinessError(401, 'Parameter error: url must be a string');
      try {
        return new URL(new globalThis.URL(input, typeof base === 'string' ? base : base?.href));
      } catch {
        throw new BusinessError(10200002, 'Invalid url string');
      }
    }
  }
}
