/**
 * `up <file.conf> [--name NAME]`: brings the tunnel up in the current network namespace through the
 * app's own code path — the same MainViewModel the Start button drives, startVpnExtensionAbility, the
 * VPN ability in its own process — and keeps it up until SIGINT, SIGTERM or SIGHUP, or until the
 * process that ran it goes away (an orphaned CLI has nobody left to press Ctrl-C: e.g. its npm
 * wrapper was killed), then presses Stop. Ended any other way (SIGKILL, a signal it does not
 * handle), the host runtime's VPN process sees its starter gone and destroys the VPN itself, as the
 * device's network manager does. (package.json runs it with `exec`, so npm's forwarded signals
 * reach this process and not only a shell in between.)
 * Prints each state change and a status line every second.
 * Exit codes: 0 after a clean stop; 1 when the file is invalid or the tunnel fails; 2 for usage.
 * Environment: as the host runtime (HARMONYWG_FILES_DIR, HARMONYWG_API_LEVEL, HARMONYWG_CRYPTO, …).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BadConfigError, mayHoldSecret, sectionName } from '../../../../entry/src/main/ets/core/config/BadConfigError';
import { TunnelConfig } from '../../../../entry/src/main/ets/core/config/TunnelConfig';
import { checkImport } from '../../../../entry/src/main/ets/core/config/VpnConfig';
import { MainUiState, MainViewModel } from '../../../../entry/src/main/ets/viewmodel/MainViewModel';
import { SystemVpnControl } from '../../../../entry/src/main/ets/viewmodel/SystemVpnControl';
import { ResourceTexts } from '../../../../entry/src/main/ets/viewmodel/ResourceTexts';
import { SystemBackgroundKeeper } from '../../../../entry/src/main/ets/viewmodel/BackgroundKeeper';
import { isValidTunnelName } from '../../../../entry/src/main/ets/store/TunnelStore';
import { createHostContext } from '../../../host/app';

function sleep(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms)); }

function line(s: string): void { process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`); }

export async function run(args: string[]): Promise<number> {
  let file = '';
  let name = '';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--name' && i + 1 < args.length) name = args[++i];
    else if (!args[i].startsWith('--')) file = args[i];
  }
  if (file === '') {
    process.stderr.write('usage: up <file.conf> [--name NAME]\n');
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e: any) {
    process.stderr.write(`error: cannot read ${file}: ${e.message}\n`);
    return 2;
  }
  try {
    for (const w of checkImport(TunnelConfig.parse(text))) {
      process.stderr.write(`warning: ${w.code} in ${sectionName(w.section)} ${w.location}: ${JSON.stringify(w.text)}\n`);
    }
  } catch (e) {
    if (e instanceof BadConfigError) {
      const shown = mayHoldSecret(e.location, e.text) ? '<hidden>' : e.text;
      process.stdout.write(`error: ${e.reason} in ${sectionName(e.section)} ${e.location}: ${JSON.stringify(shown)}\n`);
      return 1;
    }
    throw e;
  }
  if (name === '') name = path.basename(file).replace(/\.conf$/, '').replace(/[^A-Za-z0-9_=+.-]/g, '_').slice(0, 15);
  if (!isValidTunnelName(name)) {
    process.stderr.write(`error: "${name}" is not a tunnel name (1-15 of A-Z a-z 0-9 _ = + . -); use --name\n`);
    return 2;
  }

  const ctx = createHostContext();
  const vm = new MainViewModel(ctx.filesDir, new SystemVpnControl(), new ResourceTexts(ctx.resourceManager), () => Date.now(),
    new SystemBackgroundKeeper(ctx));
  let ui: MainUiState = vm.current();
  let lastState = '';
  vm.setListener((s) => {
    ui = s;
    if (s.state !== lastState) {
      lastState = s.state;
      line(`state: ${s.stateText}${s.problemText ? ' — ' + s.problemText : ''}`);
    }
  });
  vm.tunnelStore().save(name, text);
  await vm.load();
  vm.select(name);

  let stopRequested = false;
  const onSignal = (): void => { stopRequested = true; };
  const parentAtStart = process.ppid;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  line(`starting tunnel "${name}" from ${file}`);
  await vm.start();
  while (!stopRequested) {
    await sleep(1000);
    if (process.ppid !== parentAtStart) {
      line('the process that ran this command is gone: stopping');
      break;
    }
    vm.refresh();
    if (ui.state === 'FAILED') break;
    line(`${ui.stateText} | latest handshake ${ui.latestHandshakeText || '—'} | received ${ui.rxText || '0 B'} | sent ${ui.txText || '0 B'}`);
  }
  const failed = ui.state === 'FAILED';
  await vm.stop();
  vm.refresh();
  line(`stopped${failed ? ' after a failure' : ''}`);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('SIGHUP', onSignal);
  return failed ? 1 : 0;
}
