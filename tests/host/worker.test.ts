// hypium-timeout: 20000
/**
 * `worker.ThreadWorker` / `worker.workerPort` of the host `@kit.ArkTS` (tests/host/kits/ArkTS.ts) on Node
 * worker threads, with the test-only module tests/host/fixtures/worker-module (HARMONYWG_BUILD_PROFILE):
 * transferred buffers (edited, returned, detached on the sender), class instances as plain objects,
 * onerror (from onmessage: the worker lives on; while loading: onexit(1)), terminate (onexit(0), no
 * message after it, the thread count back to its baseline), close(), the crypto provider substitution
 * inside the worker, the constructor's 401 / 10200003 / 10200007, and an idle worker not keeping the
 * process alive.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from '@ohos/hypium';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorEvent, MessageEvents, worker } from './kits/ArkTS';
import { createCryptoProvider } from '../../entry/src/main/ets/tunnel/CryptoChoice';

const repo = process.cwd();
const fixtureModule = path.join(repo, 'tests', 'host', 'fixtures', 'worker-module');
const ECHO = 'worker-module/ets/workers/EchoWorker.ets';
const THROWING = 'worker-module/ets/workers/ThrowingWorker.ets';

/** Waits (bounded) for `cond`; resolves to the ms waited, or -1 after `limitMs`. */
async function until(cond: () => boolean, limitMs: number): Promise<number> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > limitMs) return -1;
    await new Promise((r) => setTimeout(r, 1));
  }
  return Date.now() - t0;
}

const threads = (): number => fs.readdirSync('/proc/self/task').length;

function code(f: () => unknown): number | string {
  try { f(); return 'ok'; } catch (e: any) { return e && e.code !== undefined ? e.code : String(e); }
}

/** A ThreadWorker with everything it delivered recorded. */
class Probe {
  readonly w: worker.ThreadWorker;
  readonly messages: any[] = [];
  readonly errors: ErrorEvent[] = [];
  readonly exits: number[] = [];
  readonly t0 = Date.now();
  constructor(url: string) {
    this.w = new worker.ThreadWorker(url);
    this.w.onmessage = (e: MessageEvents): void => { this.messages.push(e.data); };
    this.w.onerror = (e: ErrorEvent): void => { this.errors.push(e); };
    this.w.onexit = (c: number): void => { this.exits.push(c); };
    probes.push(this);
  }
  op(name: string): any { return this.messages.find((m) => m.op === name); }
}
let probes: Probe[] = [];

/** Line (1-based) of the first line of `file` containing `text`. */
function lineOf(file: string, text: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
}

class Meta {
  label: string;
  counter: number;
  constructor(label: string, counter: number) { this.label = label; this.counter = counter; }
  describe(): string { return `${this.label}#${this.counter}`; }
}

export default function workerTest(): void {
  describe('HostWorker', () => {
    beforeAll(() => { process.env.HARMONYWG_BUILD_PROFILE = path.join(fixtureModule, 'build-profile.json5'); });
    afterAll(() => { delete process.env.HARMONYWG_BUILD_PROFILE; });
    afterEach(async () => {
      delete process.env.HARMONYWG_WORKER;
      delete process.env.HARMONYWG_CRYPTO;
      for (const p of probes) p.w.terminate();
      await until(() => probes.every((p) => p.exits.length > 0), 10000);
      probes = [];
    });

    it('a transferred ArrayBuffer is edited in the worker and comes back transferred; the sender\'s buffer is detached', 0, async () => {
      const p = new Probe(ECHO);
      const buf = new Uint8Array([1, 2, 3, 254, 255]).buffer;
      p.w.postMessage({ op: 'edit', buf }, [buf]);
      expect(buf.byteLength).assertEqual(0);
      const ms = await until(() => p.op('after') !== undefined, 10000);
      console.log(`worker start (bundling included) to first reply: ${Date.now() - p.t0} ms`);
      expect(ms >= 0).assertTrue();
      const reply = p.op('edit');
      expect(Object.prototype.toString.call(reply.buf)).assertEqual('[object ArrayBuffer]');
      expect([...new Uint8Array(reply.buf)].join()).assertEqual('2,3,4,255,0');
      // the worker's own reference was detached by its transfer back
      expect(p.op('after').text).assertEqual('0');
      // PostMessageOptions form, with the bundle cached: a second worker starts at once
      const q = new Probe(ECHO);
      const b2 = new Uint8Array([7]).buffer;
      q.w.postMessage({ op: 'edit', buf: b2 }, { transfer: [b2] });
      expect(b2.byteLength).assertEqual(0);
      expect(await until(() => q.op('edit') !== undefined, 5000) >= 0).assertTrue();
      console.log(`worker start (bundle cached) to first reply: ${Date.now() - q.t0} ms`);
      expect(new Uint8Array(q.op('edit').buf)[0]).assertEqual(8);
    });

    it('defect "the VPN process woke every second after starting a worker": no esbuild service process is left once the worker\'s script is bundled', 0, async () => {
      const p = new Probe(ECHO);
      const buf = new Uint8Array([1]).buffer;
      p.w.postMessage({ op: 'edit', buf }, [buf]);
      expect(await until(() => p.op('edit') !== undefined, 10000) >= 0).assertTrue();
      // esbuild's JS API keeps a service child (the esbuild binary) and pings it every second.
      const esbuildChildren: string[] = [];
      for (const t of fs.readdirSync('/proc/self/task')) {
        let kids: string[] = [];
        try { kids = fs.readFileSync(`/proc/self/task/${t}/children`, 'utf8').trim().split(/\s+/).filter((x) => x !== ''); } catch { /* gone */ }
        for (const k of kids) {
          try {
            if (fs.readFileSync(`/proc/${k}/cmdline`, 'utf8').includes('esbuild')) esbuildChildren.push(k);
          } catch { /* gone */ }
        }
      }
      console.log(`esbuild service processes left after bundling a worker: ${esbuildChildren.length}`);
      expect(esbuildChildren.length).assertEqual(0);
    });

    it('class instances arrive as plain objects with their own fields, in both directions', 0, async () => {
      const p = new Probe(ECHO);
      p.w.postMessage({ op: 'fields', meta: new Meta('peer-1', 7) });
      expect(await until(() => p.op('fields') !== undefined, 5000) >= 0).assertTrue();
      // own fields counter,label with their values (the method is not an own field: only the data crosses)
      expect(p.op('fields').text).assertEqual('counter,label|peer-1|7');
      const reply = p.op('fields');
      expect(Object.getPrototypeOf(reply) === Object.prototype).assertTrue();
      expect(Object.keys(reply).sort().join()).assertEqual('buf,op,text');
    });

    it('an exception thrown by workerPort.onmessage reaches onerror as an ErrorEvent; the worker keeps running', 0, async () => {
      const p = new Probe(ECHO);
      p.w.postMessage({ op: 'throw' });
      expect(await until(() => p.errors.length > 0, 5000) >= 0).assertTrue();
      const e = p.errors[0];
      const file = path.join(fixtureModule, 'src', 'main', 'ets', 'workers', 'EchoWorker.ets');
      expect(e.type).assertEqual('error');
      expect(e.message).assertEqual('EchoWorker was asked to throw');
      expect(e.filename).assertEqual(path.relative(repo, file));
      expect(e.lineno).assertEqual(lineOf(file, "throw new Error('EchoWorker was asked to throw')"));
      expect(e.colno > 0).assertTrue();
      expect((e.error as Error).message).assertEqual('EchoWorker was asked to throw');
      const buf = new Uint8Array([41]).buffer;
      p.w.postMessage({ op: 'edit', buf }, [buf]);
      expect(await until(() => p.op('edit') !== undefined, 5000) >= 0).assertTrue();
      expect(new Uint8Array(p.op('edit').buf)[0]).assertEqual(42);
      expect(p.exits.length).assertEqual(0);
    });

    it('an exception while the worker script loads: onerror with its place, then onexit(1)', 0, async () => {
      const p = new Probe(THROWING);
      expect(await until(() => p.exits.length > 0, 10000) >= 0).assertTrue();
      const file = path.join(fixtureModule, 'src', 'main', 'ets', 'workers', 'ThrowingWorker.ets');
      expect(p.errors.length).assertEqual(1);
      expect(p.errors[0].message).assertEqual('ThrowingWorker fails at load');
      expect(p.errors[0].filename).assertEqual(path.relative(repo, file));
      expect(p.errors[0].lineno).assertEqual(lineOf(file, "throw new Error('ThrowingWorker fails at load')"));
      expect(p.exits.join()).assertEqual('1');
    });

    it('terminate: no message is delivered after it, onexit(0) follows, the thread is gone, postMessage then throws 10200004', 0, async () => {
      // warm-up: the bundle is cached and the libuv pool exists before the baseline is taken
      const warm = new Probe(ECHO);
      warm.w.postMessage({ op: 'fields', meta: new Meta('w', 0) });
      expect(await until(() => warm.messages.length > 0, 10000) >= 0).assertTrue();
      warm.w.terminate();
      expect(await until(() => warm.exits.length > 0, 5000) >= 0).assertTrue();
      const baseline = threads();
      const p = new Probe(ECHO);
      p.w.postMessage({ op: 'stream' });
      expect(await until(() => p.messages.length >= 3, 5000) >= 0).assertTrue();
      const running = threads();
      p.w.terminate();
      const delivered = p.messages.length;
      const exitMs = await until(() => p.exits.length > 0, 5000);
      expect(exitMs >= 0).assertTrue();
      expect(p.exits.join()).assertEqual('0');
      const goneMs = await until(() => threads() === baseline, 5000);
      console.log(`threads: ${baseline} before, ${running} with the worker running, ${threads()} after terminate `
        + `(onexit ${exitMs} ms after terminate, thread count back ${goneMs} ms after onexit)`);
      expect(running > baseline).assertTrue();
      expect(goneMs >= 0).assertTrue();
      expect(p.messages.length).assertEqual(delivered);
      expect(code(() => p.w.postMessage({ op: 'edit' }))).assertEqual(10200004);
      p.w.terminate(); // a second terminate is harmless
      expect(p.exits.length).assertEqual(1);
    });

    it('workerPort.close() ends the worker: the messages before it arrive, then onexit(0)', 0, async () => {
      const p = new Probe(ECHO);
      p.w.postMessage({ op: 'close' });
      expect(await until(() => p.exits.length > 0, 10000) >= 0).assertTrue();
      expect(p.messages.map((m) => m.op).join()).assertEqual('closing');
      expect(p.exits.join()).assertEqual('0');
      expect(code(() => p.w.postMessage({ op: 'edit' }))).assertEqual(10200004);
    });

    it('the worker imports app code: CryptoChoice is the portable provider, with HARMONYWG_CRYPTO=node the node:crypto one; both seal alike', 0, async () => {
      const plain = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
      const expected = new Uint8Array(plain.length + 16);
      createCryptoProvider().aeadSeal(new Uint8Array(32).fill(7), new Uint8Array(12), plain, new Uint8Array(0), expected);
      const seen: string[] = [];
      for (const variant of ['portable', 'node']) {
        if (variant === 'node') process.env.HARMONYWG_CRYPTO = 'node';
        const p = new Probe(ECHO);
        const buf = plain.slice().buffer;
        p.w.postMessage({ op: 'provider', buf }, [buf]);
        expect(await until(() => p.op('provider') !== undefined, 10000) >= 0).assertTrue();
        seen.push(p.op('provider').text);
        expect(Buffer.from(p.op('provider').buf).toString('hex')).assertEqual(Buffer.from(expected).toString('hex'));
      }
      expect(seen.join()).assertEqual('PortableCryptoProvider,NodeCryptoProvider');
    });

    it('the constructor: 10200007 for a missing, undeclared, foreign-module or non-Stage scriptURL; 10200003 with HARMONYWG_WORKER=fail; 401; bad messages', 0, () => {
      expect(code(() => new worker.ThreadWorker('worker-module/ets/workers/Missing.ets'))).assertEqual(10200007);
      expect(code(() => new worker.ThreadWorker('worker-module/ets/workers/UndeclaredWorker.ets'))).assertEqual(10200007);
      expect(code(() => new worker.ThreadWorker('entry/ets/workers/EchoWorker.ets'))).assertEqual(10200007);
      expect(code(() => new worker.ThreadWorker('worker-module/src/main/ets/workers/EchoWorker.ets'))).assertEqual(10200007);
      expect(code(() => new worker.ThreadWorker('workers/EchoWorker.ets'))).assertEqual(10200007);
      expect(code(() => new worker.ThreadWorker('worker-module/ets/../../build-profile.json5'))).assertEqual(10200007);
      expect(code(() => new worker.ThreadWorker(42 as unknown as string))).assertEqual(401);
      expect(code(() => new worker.ThreadWorker(ECHO, { name: 5 as unknown as string }))).assertEqual(10200003);
      process.env.HARMONYWG_WORKER = 'fail';
      expect(code(() => new worker.ThreadWorker(ECHO))).assertEqual(10200003);
      delete process.env.HARMONYWG_WORKER;
      // the app's own module: entry/build-profile.json5 declares no such file
      delete process.env.HARMONYWG_BUILD_PROFILE;
      try {
        expect(code(() => new worker.ThreadWorker('entry/ets/workers/NotDeclared.ets'))).assertEqual(10200007);
      } finally { process.env.HARMONYWG_BUILD_PROFILE = path.join(fixtureModule, 'build-profile.json5'); }
      const p = new Probe(ECHO);
      expect(code(() => p.w.postMessage({ f: () => 1 }))).assertEqual(10200006);
      expect(code(() => p.w.postMessage({ op: 'x' }, [new Uint8Array(2) as unknown as ArrayBuffer]))).assertEqual(401);
      expect(code(() => p.w.postMessage({ op: 'x' }, [null as unknown as ArrayBuffer]))).assertEqual(401);
      // in the host thread workerPort is inert
      expect(code(() => worker.workerPort.close())).assertEqual('ok');
      expect(code(() => worker.workerPort.postMessage('x'))).assertEqual(10200004);
    });

    it('an idle worker does not keep its process alive; without --enable-source-maps ErrorEvent still names the .ets line', 0, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-worker-'));
      try {
        const src = path.join(dir, 'idle.ts');
        fs.writeFileSync(src, `import { worker } from ${JSON.stringify(path.join(repo, 'tests/host/kits/ArkTS.ts'))};\n`
          + `const w = new worker.ThreadWorker(${JSON.stringify(ECHO)});\n`
          + `w.onmessage = () => { console.log('REPLY'); };\n`
          + `w.postMessage({ op: 'fields', meta: {} });\n`
          + `const t = new worker.ThreadWorker(${JSON.stringify(THROWING)});\n`
          + `t.onerror = (e) => { console.log('ERROR ' + e.filename + ':' + e.lineno); };\n`
          + `setTimeout(() => {}, 500);\n`);
        const tool = await import(pathToFileURL(path.join(repo, 'tests/tools/bundle.mjs')).href);
        await tool.bundle(src, path.join(dir, 'idle.mjs'));
        const t0 = Date.now();
        const child = spawn(process.execPath, [path.join(dir, 'idle.mjs')], { cwd: repo, env: { ...process.env }, stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d) => { out += d; });
        let exitCode: number | null = null;
        child.on('exit', (c) => { exitCode = c === null ? -1 : c; });
        const ms = await until(() => exitCode !== null, 10000);
        if (ms < 0) child.kill('SIGKILL');
        console.log(`process with an idle worker exited ${Date.now() - t0} ms after its start (its own timer: 500 ms)`);
        expect(ms >= 0).assertTrue();
        expect(exitCode === 0).assertTrue();
        expect(out.includes('REPLY')).assertTrue();
        // the process runs without --enable-source-maps: the worker's ErrorEvent still names the .ets source
        const thrower = path.join(fixtureModule, 'src', 'main', 'ets', 'workers', 'ThrowingWorker.ets');
        expect(out.includes(`ERROR ${path.relative(repo, thrower)}:${lineOf(thrower, "throw new Error('ThrowingWorker fails at load')")}`)).assertTrue();
      } finally { fs.rmSync(dir, { recursive: true, force: true }); }
    });
  });
}
