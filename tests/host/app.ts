/**
 * Entry points for Node code (tests, the demo, a CLI) that plays the system's part for the UI side:
 * a UIAbility-like context and a way to run a UIAbility class's lifecycle.
 *
 * The files dir is the runtime's (HARMONYWG_FILES_DIR, default /tmp/harmonywg-<uid>/files); the VPN
 * extension ability's process gets the same one, as on the device.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hostRuntime } from './runtime';
import { resourceManager } from './kits/LocalizationKit';
import { window } from './kits/ArkUI';

/** Options of createHostContext; every field has a default. */
export interface HostContextOptions {
  /** Default: the runtime's files dir (HARMONYWG_FILES_DIR). */
  filesDir?: string;
  /** Default: the module's resources (entry/src/main/resources). */
  resourcesDir?: string;
  /** Default: the app's bundle name from AppScope/app.json5. */
  bundleName?: string;
  /** Default: EntryAbility. */
  abilityName?: string;
}

/** The shape of common.UIAbilityContext / vpnExtension.VpnExtensionContext that the host provides. */
export interface HostContext {
  filesDir: string;
  cacheDir: string;
  tempDir: string;
  resourceManager: resourceManager.ResourceManager;
  applicationInfo: { name: string };
  abilityInfo: { bundleName: string; name: string };
}

/**
 * A context with filesDir, cacheDir and tempDir (created if missing; cache and temp are siblings of
 * files, like the device's el2 sandbox), a resource manager and the app identity.
 */
export function createHostContext(opts: HostContextOptions = {}): HostContext {
  const rt = hostRuntime();
  const filesDir = path.resolve(opts.filesDir ?? rt.filesDir);
  const base = path.dirname(filesDir);
  const cacheDir = path.join(base, 'cache');
  const tempDir = path.join(base, 'temp');
  for (const d of [filesDir, cacheDir, tempDir]) fs.mkdirSync(d, { recursive: true });
  const bundleName = opts.bundleName ?? rt.bundleName;
  return {
    filesDir, cacheDir, tempDir,
    resourceManager: new resourceManager.ResourceManager(opts.resourcesDir),
    applicationInfo: { name: bundleName },
    abilityInfo: { bundleName, name: opts.abilityName ?? 'EntryAbility' },
  };
}

/** A started UIAbility and its window stage. */
export interface HostUIAbility<T> { ability: T; windowStage: window.WindowStage }

/**
 * Constructs `AbilityClass` (a UIAbility subclass, e.g. the bundled EntryAbility), gives it a context
 * and a launch Want, and runs onCreate → onWindowStageCreate → onForeground, as the system does.
 */
export function launchUIAbility<T>(AbilityClass: new () => T, opts: HostContextOptions = {}): HostUIAbility<T> {
  const ctx = createHostContext(opts);
  const ability: any = new AbilityClass();
  const want = { bundleName: ctx.abilityInfo.bundleName, abilityName: ctx.abilityInfo.name, moduleName: 'entry' };
  ability.context = ctx;
  ability.launchWant = want;
  ability.onCreate(want, { launchReason: 1 });
  const windowStage = new window.WindowStage();
  ability.onWindowStageCreate(windowStage);
  ability.onForeground();
  return { ability, windowStage };
}

/** Runs onBackground → onWindowStageDestroy → onDestroy on an ability from launchUIAbility. */
export async function stopUIAbility<T>(launched: HostUIAbility<T>): Promise<void> {
  const a: any = launched.ability;
  a.onBackground();
  a.onWindowStageDestroy();
  await a.onDestroy();
}
