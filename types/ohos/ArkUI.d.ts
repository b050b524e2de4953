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

  /** Page routing (`@ohos.router`). @since 8 */
  export namespace router {
    /** Where to go. @since 8 */
    interface RouterOptions {
      /** The page, e.g. `pages/TunnelDetails` (listed in main_pages.json). */
      url: string;
      /** Handed to the new page (router.getParams). */
      params?: Object;
    }
    /**
     * Opens the page on top of the current one. Errors: 401 parameter error, 100001 internal error,
     * 100002 the url does not exist, 100003 too many pages on the stack (32).
     * @since 9
     */
    function pushUrl(options: RouterOptions): Promise<void>;
    /** Back to the previous page. @since 8 */
    function back(): void;
    /** The params the current page was opened with. @since 8 */
    function getParams(): Object;
  }
}
