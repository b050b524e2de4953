/**
 * Hand-written declarations of the part of `@kit.ArkUI` that HarmonyWG uses
 * (from the OpenHarmony API reference: `@ohos.window`). Only these members exist here.
 */
declare module '@kit.ArkUI' {
  import { AsyncCallback } from '@kit.BasicServicesKit';

  /** Windows (`@ohos.window`). @since 6 */
  export namespace window {
    /** The window stage a UIAbility gets in `onWindowStageCreate`. @since 9 */
    interface WindowStage {
      /**
       * Loads the page at `path` (e.g. `pages/Index`, relative to `ets/`) into the main window.
       * The callback receives BusinessError 401 (bad parameter), 1300002 (window state abnormal)
       * or 1300003 (window manager service error).
       * @since 9
       */
      loadContent(path: string, callback: AsyncCallback<void>): void;
    }
  }
}
