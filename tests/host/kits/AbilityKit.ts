/**
 * Host implementation of `@kit.AbilityKit`: Want, UIAbility (lifecycle no-ops to override),
 * AbilityConstant, and `common` (types only). A context for Node code comes from
 * tests/host/app.ts createHostContext(); launchUIAbility() there runs a UIAbility's lifecycle.
 */
import { BusinessError } from '../runtime';

export class Want {
  bundleName?: string;
  abilityName?: string;
  moduleName?: string;
  parameters?: Record<string, Object>;
}

export namespace AbilityConstant {
  export enum LaunchReason { UNKNOWN = 0, START_ABILITY = 1 }
  export interface LaunchParam { launchReason: LaunchReason }
}

export namespace common {
  export type Context = import('../app').HostContext;
  export type UIAbilityContext = import('../app').HostContext;
}

export class UIAbility {
  context!: common.UIAbilityContext;
  launchWant!: Want;
  onCreate(_want: Want, _launchParam: AbilityConstant.LaunchParam): void {}
  onDestroy(): void | Promise<void> {}
  onWindowStageCreate(_windowStage: unknown): void {}
  onWindowStageDestroy(): void {}
  onForeground(): void {}
  onBackground(): void {}
}

/**
 * The test delegator's registry: on the host, getAppContext() is the app context of this process
 * (createHostContext: files shared through HARMONYWG_FILES_DIR, as the device shares the sandbox).
 */
export namespace abilityDelegatorRegistry {
  export interface AbilityDelegator { getAppContext(): common.Context }
  export function getAbilityDelegator(): AbilityDelegator {
    return { getAppContext: () => createHostContextLazy() };
  }
}

function createHostContextLazy(): common.Context {
  // Imported lazily: app.ts imports this kit.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (require('../app') as typeof import('../app')).createHostContext();
}

/** An opaque WantAgent: on the host it only remembers what it would start. */
export interface WantAgent { readonly info: wantAgent.WantAgentInfo }

/** WantAgent creation (@ohos.app.ability.wantAgent); the host checks the shape and keeps the info. */
export namespace wantAgent {
  export enum OperationType { START_ABILITY = 1 }
  export enum WantAgentFlags { UPDATE_PRESENT_FLAG = 3 }
  export interface WantAgentInfo { wants: Want[]; operationType?: OperationType; requestCode: number; wantAgentFlags?: WantAgentFlags[] }
  export async function getWantAgent(info: WantAgentInfo): Promise<WantAgent> {
    if (!info || !Array.isArray(info.wants) || info.wants.length === 0 || typeof info.requestCode !== 'number') {
      throw new BusinessError(401, 'Parameter error.');
    }
    return { info };
  }
}
