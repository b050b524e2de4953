/**
 * Hand-written declarations of the @kit.BackgroundTasksKit members HarmonyWG uses
 * (@ohos.resourceschedule.backgroundTaskManager), from the API reference.
 */
declare module '@kit.BackgroundTasksKit' {
  import { common, WantAgent } from '@kit.AbilityKit';

  /** Background task management. @since 9 */
  export namespace backgroundTaskManager {
    /**
     * Types of continuous tasks; the ability must declare the matching `backgroundModes` entry in
     * module.json5 (DATA_TRANSFER ↔ "dataTransfer"). @since 9
     */
    enum BackgroundMode {
      /** Data transfer (downloads, uploads, a VPN's traffic). @since 9 */
      DATA_TRANSFER = 1
    }

    /**
     * Requests a continuous task so the app's process is not suspended in the background; the system
     * shows a notification that opens `wantAgent`. Needs ohos.permission.KEEP_BACKGROUND_RUNNING.
     * Errors: 201 permission denied, 401 parameter error, 9800001 memory, 9800002 parcel, 9800003 IPC,
     * 9800004 system service, 9800005 continuous task verification failed (mode not declared),
     * 9800006 notification verification failed, 9800007 task storage failed.
     * @since 9
     */
    function startBackgroundRunning(context: common.Context, bgMode: BackgroundMode, wantAgent: WantAgent): Promise<void>;

    /**
     * Ends the continuous task of `context`. Errors as startBackgroundRunning.
     * @since 9
     */
    function stopBackgroundRunning(context: common.Context): Promise<void>;
  }
}
