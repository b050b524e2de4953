/**
 * The orchestrator's handle on the phone agent (phone-agent.ts) running in a lab's phone namespace.
 */
import path from 'node:path';
import fs from 'node:fs';
import readline from 'node:readline';
import { ChildProcess } from 'node:child_process';
import { NetnsLab } from './netns';
import { recordOutput } from '../tools/secret-scan.mjs';

let bundled: Promise<string> | null = null;

/** Bundles phone-agent.ts once per process (esbuild, `.ets` and `@kit.*` resolved as for the tests). */
function agentBundle(): Promise<string> {
  if (bundled === null) {
    bundled = (async () => {
      const repo = process.cwd();
      const tool = await import(/* external */ path.join(repo, 'tests/tools/bundle.mjs'));
      const out = path.join(fs.mkdtempSync('/tmp/hwg-agent-'), 'phone-agent.mjs');
      await tool.bundle(path.join(repo, 'tests/e2e/phone-agent.ts'), out);
      return out;
    })();
  }
  return bundled;
}

export class Phone {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  /** The phone's files dir (shared by its UI and VPN processes). */
  readonly filesDir: string;
  /** What the agent and its VPN process printed on stderr (for diagnosing failures). */
  stderr = '';

  private constructor(child: ChildProcess, filesDir: string) {
    this.child = child;
    this.filesDir = filesDir;
  }

  /**
   * Starts the agent in `lab`'s phone namespace with a fresh files dir. `env` may set the emulated
   * API level (HARMONYWG_API_LEVEL), the crypto variant (HARMONYWG_CRYPTO=node), consent, log level.
   */
  static async launch(lab: NetnsLab, env: Record<string, string> = {}, name = 'phone'): Promise<Phone> {
    const script = await agentBundle();
    const base = fs.mkdtempSync(path.join(lab.dir, `${name}-`));
    const filesDir = path.join(base, 'files');
    const child = lab.spawn(lab.phoneNs, process.execPath, ['--enable-source-maps', script], {
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd: process.cwd(),
      env: { ...process.env, HARMONYWG_FILES_DIR: filesDir, HARMONYWG_STATE_DIR: path.join(base, 'state'), ...env },
    });
    const phone = new Phone(child, filesDir);
    const outName = `${path.basename(base)}-${process.pid}`;
    child.stderr!.on('data', (d) => { phone.stderr += d; recordOutput(`${outName}.stderr`, d); if (process.env.HARMONYWG_E2E_VERBOSE) process.stderr.write(d); });
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (line) => recordOutput(`${outName}.stdout`, line + '\n'));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`phone agent did not start: ${phone.stderr}`)), 15000);
      rl.on('line', (line) => {
        if (line === 'READY') { clearTimeout(timer); resolve(); return; }
        let m: any;
        try { m = JSON.parse(line); } catch { return; }
        const p = phone.pending.get(m.id);
        if (!p) return;
        phone.pending.delete(m.id);
        if (m.ok) p.resolve(m.result); else p.reject(new Error(m.error));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        const err = new Error(`phone agent exited (${code}): ${phone.stderr.slice(-2000)}`);
        reject(err);
        for (const p of phone.pending.values()) p.reject(err);
        phone.pending.clear();
      });
    });
    return phone;
  }

  /** Sends one command; resolves to its result, rejects with its error. */
  call<T = any>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin!.write(JSON.stringify({ id, cmd, ...args }) + '\n');
    });
  }

  /** Saves `text` as tunnel `name`, loads the list and selects it (the import + pick a person does). */
  async importTunnel(name: string, text: string): Promise<void> {
    await this.call('save', { name, text });
    await this.call('load');
    await this.call('select', { name });
  }

  /** Stops the tunnel if needed and ends the agent (and so its VPN process). */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    try { await this.call('stop'); } catch { /* already gone */ }
    try { await this.call('exit'); } catch { /* gone */ }
    const t = setTimeout(() => { try { this.child.kill('SIGKILL'); } catch { /* gone */ } }, 5000);
    await exited;
    clearTimeout(t);
  }

  /** The agent's PID (for counting its descendants). */
  get pid(): number { return this.child.pid ?? 0; }
}
