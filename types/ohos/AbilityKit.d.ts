/**
 * Hand-written declarations of the part of `@kit.AbilityKit` that HarmonyWG uses (from the OpenHarmony
 * API reference: `@ohos.app.ability.Want`, `@ohos.app.ability.UIAbility`,
 * `@ohos.app.ability.AbilityConstant`, `@ohos.app.ability.common`). Only these members exist here.
 */
declare module '@kit.AbilityKit' {
  import { resourceManager } from '@kit.LocalizationKit';
  import { window } from '@kit.ArkUI';

  /**
   * What to start: bundle, ability and parameters (`@ohos.app.ability.Want`; a class in the SDK, so
   * object literals typed `Want` are allowed).
   * @since 9
   */
  export class Want {
    /** Bundle name, e.g. `org.harmonywg.vpn`. @since 9 */
    bundleName?: string;
    /** Ability name as declared in module.json5. @since 9 */
    abilityName?: string;
    /** Module name, e.g. `entry`. @since 9 */
    moduleName?: string;
    /** Custom parameters (values must be serialisable). @since 9 */
    parameters?: Record<string, Object>;
  }

  /** Constants passed to ability lifecycle callbacks (`@ohos.app.ability.AbilityConstant`). @since 9 */
  export namespace AbilityConstant {
    /** Why the ability was launched. @since 9 */
    enum LaunchReason {
      UNKNOWN = 0,
      START_ABILITY = 1
    }
    /** Launch information given to `UIAbility.onCreate`. @since 9 */
    interface LaunchParam {
      /** Why the ability was launched. @since 9 */
      launchReason: LaunchReason;
    }
  }

  /** Contexts (`@ohos.app.ability.common`). @since 9 */
  export namespace common {
    /** Information about the application (`bundleManager.ApplicationInfo`). @since 9 */
    interface ApplicationInfo {
      /** The bundle name. @since 9 */
      readonly name: string;
    }
    /** Information about an ability (`bundleManager.AbilityInfo`). @since 9 */
    interface AbilityInfo {
      /** The bundle name. @since 9 */
      readonly bundleName: string;
      /** The ability name. @since 9 */
      readonly name: string;
    }
    /**
     * The application context: sandbox directories (absolute paths, shared by every process of the app,
     * e.g. `/data/storage/el2/base/haps/entry/files`) and resources.
     * @since 9
     */
    interface Context {
      /** Resource manager of the module. @since 9 */
      resourceManager: resourceManager.ResourceManager;
      /** Application information. @since 9 */
      readonly applicationInfo: ApplicationInfo;
      /** Directory for persistent files. @since 9 */
      filesDir: string;
      /** Directory for cache files. @since 9 */
      cacheDir: string;
      /** Directory for temporary files. @since 9 */
      tempDir: string;
    }
    /** The context of a UIAbility. @since 9 */
    interface UIAbilityContext extends Context {
      /** Information about this ability. @since 9 */
      abilityInfo: AbilityInfo;
    }
  }

  /**
   * The base class of an ability with a UI (`@ohos.app.ability.UIAbility`). The system constructs it
   * and calls the lifecycle methods in order: onCreate, onWindowStageCreate, onForeground, …
   * @since 9
   */
  export class UIAbility {
    /** The ability's context. @since 9 */
    context: common.UIAbilityContext;
    /** The Want the ability was launched with. @since 9 */
    launchWant: Want;
    /** Called once when the ability is created. @since 9 */
    onCreate(want: Want, launchParam: AbilityConstant.LaunchParam): void;
    /** Called when the ability is destroyed. @since 9 */
    onDestroy(): void | Promise<void>;
    /** Called when the main window stage has been created. @since 9 */
    onWindowStageCreate(windowStage: window.WindowStage): void;
    /** Called when the main window stage is destroyed. @since 9 */
    onWindowStageDestroy(): void;
    /** Called when the ability comes to the foreground. @since 9 */
    onForeground(): void;
    /** Called when the ability goes to the background. @since 9 */
    onBackground(): void;
  }

  /**
   * Access to the test framework's delegator from a test (@ohos.app.ability.abilityDelegatorRegistry).
   * @since 9
   */
  export namespace abilityDelegatorRegistry {
    /** The delegator of the running test. @since 9 */
    interface AbilityDelegator {
      /** The application context of the app under test. @since 9 */
      getAppContext(): common.Context;
    }
    /** The delegator of the running test. @since 9 */
    function getAbilityDelegator(): AbilityDelegator;
  }

  /** An opaque handle that starts an ability when the person taps a notification. @since 9 */
  export interface WantAgent {}

  /** Creating WantAgents (@ohos.app.ability.wantAgent). @since 9 */
  export namespace wantAgent {
    /** What the agent does when triggered. @since 9 */
    enum OperationType {
      /** Starts an ability. @since 9 */
      START_ABILITY = 1
    }
    /** How an existing agent with the same request code is treated. @since 9 */
    enum WantAgentFlags {
      /** Keep the existing agent and update its Want. @since 9 */
      UPDATE_PRESENT_FLAG = 3
    }
    /** What to build. @since 9 */
    interface WantAgentInfo {
      wants: Want[];
      operationType?: OperationType;
      requestCode: number;
      wantAgentFlags?: WantAgentFlags[];
    }
    /** Builds a WantAgent. Errors: 401 parameter error, 16000007 service busy, 16000151 invalid agent. @since 9 */
    function getWantAgent(info: WantAgentInfo): Promise<WantAgent>;
  }
}
