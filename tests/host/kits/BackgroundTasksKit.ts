/**
 * Host implementation of `@kit.BackgroundTasksKit`: continuous tasks. Linux does not suspend the
 * process, so the host only checks what the device checks and records the state:
 *  - the ability of the context must declare the mode in module.json5 `backgroundModes`
 *    (DATA_TRANSFER ↔ "dataTransfer"), else 9800005 "continuous task verification failed";
 *  - a WantAgent is required (401).
 * The state is kept in `<stateDir>/background-task-<pid>.json` (mode, since) while held, so tests can
 * see it; stopBackgroundRunning removes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BusinessError, hostRuntime } from '../runtime';

interface ContextLike { abilityInfo?: { name: string } }

export namespace backgroundTaskManager {
  export enum BackgroundMode { DATA_TRANSFER = 1 }

  const MODE_NAMES: Record<number, string> = { 1: 'dataTransfer' };

  function stateFile(): string { return path.join(hostRuntime().stateDir, `background-task-${process.pid}.json`); }

  function declaredModes(abilityName: string): string[] {
    const file = process.env.HARMONYWG_MODULE_JSON5 ?? path.join(hostRuntime().repo, 'entry', 'src', 'main', 'module.json5');
    const JSON5 = hostRuntime().requireFromRepo('json5');
    const m = JSON5.parse(fs.readFileSync(file, 'utf8')).module;
    const ab = (m.abilities || []).find((a: { name: string }) => a.name === abilityName);
    return ab && Array.isArray(ab.backgroundModes) ? ab.backgroundModes : [];
  }

  export async function startBackgroundRunning(context: ContextLike, bgMode: BackgroundMode, wantAgent: object): Promise<void> {
    if (!context || !wantAgent) throw new BusinessError(401, 'Parameter error.');
    const ability = context.abilityInfo ? context.abilityInfo.name : 'EntryAbility';
    const mode = MODE_NAMES[bgMode];
    if (!mode) throw new BusinessError(401, `Parameter error. Unknown background mode ${bgMode}.`);
    if (!declaredModes(ability).includes(mode)) {
      throw new BusinessError(9800005, `Continuous task verification failed: ${ability} does not declare "${mode}" in backgroundModes.`);
    }
    fs.writeFileSync(stateFile(), JSON.stringify({ ability, mode, since: Date.now() }));
  }

  export async function stopBackgroundRunning(context: ContextLike): Promise<void> {
    if (!context) throw new BusinessError(401, 'Parameter error.');
    fs.rmSync(stateFile(), { force: true });
  }
}
