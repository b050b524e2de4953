/**
 * Hand-written declarations of the part of `@kit.ArkTS` that HarmonyWG uses (from the OpenHarmony
 * API reference: `@ohos.url`). Only these members exist here.
 */
declare module '@kit.ArkTS' {
  /** URL parsing (`@ohos.url`). @since 7 */
  export namespace url {
    /** A parsed URL (WHATWG URL Standard). @since 7 */
    class URL {
      /**
       * Parses `url`, relative to `base` when given. Throws BusinessError 401 (bad parameter),
       * 10200002 (invalid URL string).
       * @since 11
       */
      static parseURL(url: string, base?: string | URL): URL;
      /** The whole URL, serialized. @since 7 */
      href: string;
      /** The scheme with its colon, e.g. `https:`. @since 7 */
      protocol: string;
    }
  }
}
