/**
 * Helper process of tests/app/Secrets.test.ts: runs one store operation and kills itself (SIGKILL) at
 * its AT-th step, so nothing after that point runs — no finally block, no cleanup.
 *   node store-crash-child.mjs OP AT FILES_DIR TEXT_FILE   (OP: migrate | save | remove; AT < 0: never)
 * Prints `STEPS <n>` when it was not killed.
 */
import fs from 'node:fs';
import { AssetSecretStore } from '../../entry/src/main/ets/store/SecretStore';
import { StoreStep, StoreStepObserver, TunnelStore } from '../../entry/src/main/ets/store/TunnelStore';

class KillAt implements StoreStepObserver {
  count = 0;
  constructor(private readonly at: number) {}
  reached(_step: StoreStep, _name: string): void {
    if (this.count++ === this.at) process.kill(process.pid, 'SIGKILL');
  }
}

const [op, at, filesDir, textFile] = process.argv.slice(2);
const killer = new KillAt(Number(at));
const store = new TunnelStore(filesDir, new AssetSecretStore(), killer);
if (op === 'migrate') store.recover();
else if (op === 'save') store.save('home', fs.readFileSync(textFile, 'utf8'));
else store.remove('home');
process.stdout.write(`STEPS ${killer.count}\n`);
