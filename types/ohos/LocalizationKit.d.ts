/**
 * Hand-written declarations of the part of `@kit.LocalizationKit` that HarmonyWG uses
 * (from the OpenHarmony API reference: `@ohos.resourceManager`). Only these members exist here.
 */
declare module '@kit.LocalizationKit' {
  /** Access to the application's resources (`@ohos.resourceManager`). @since 6 */
  export namespace resourceManager {
    /** The resource manager of a context (`context.resourceManager`). @since 6 */
    interface ResourceManager {
      /**
       * The string resource named `resName` for the current locale (`resources/<locale>/element/string.json`,
       * falling back to `base`).
       * Throws BusinessError 401 (bad parameter), 9001003 (invalid resource name),
       * 9001004 (no matching resource), 9001006 (resource re-referenced too often).
       * @since 9 (format arguments since 10)
       */
      getStringByNameSync(resName: string): string;
    }
  }
}
