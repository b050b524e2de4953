/**
 * Runs hypium suites on Node with a stand-in for the test delegator.
 * Prints one line per test case (`ok`, `FAIL`, `ERROR`, `skip`) and ends with `N passed, N failed`.
 * Exit code: 0 when every case passed, 1 otherwise.
 */
import { Core, ExpectExtend } from '@ohos/hypium';

class NodeReport {
  constructor(done) { this.id = 'report'; this.done = done; this.passed = 0; this.failed = 0; this.skipped = 0; }
  init(core) { this.core = core; this.suiteService = core.getDefaultService('suite'); this.specService = core.getDefaultService('spec'); }
  taskStart() {}
  async taskDone() { this.done(this); }
  incorrectFormat() {}
  async suiteStart() {}
  async suiteDone() {
    const s = this.suiteService.getCurrentRunningSuite();
    if (s && s.hookError) { this.failed++; process.stdout.write(`ERROR ${s.description}: hook failed: ${s.hookError.message}\n`); }
  }
  async specStart() {}
  async specDone() {
    const spec = this.specService.currentRunningSpec;
    const suite = this.suiteService.getCurrentRunningSuite().description;
    const name = `${suite} > ${spec.description}`;
    const ms = spec.duration !== undefined ? ` (${spec.duration} ms)` : '';
    if (spec.isSkip) { this.skipped++; process.stdout.write(`skip  ${name}\n`); return; }
    if (spec.error) { this.failed++; process.stdout.write(`ERROR ${name}${ms}\n      ${String(spec.error && (spec.error.stack || spec.error.message)).split('\n').slice(0, 6).join('\n      ')}\n`); return; }
    if (spec.fail) { this.failed++; process.stdout.write(`FAIL  ${name}${ms}\n      ${spec.fail.message}\n`); return; }
    this.passed++;
    process.stdout.write(`ok    ${name}${ms}\n`);
  }
}

/** Registers `suites` (functions that call describe/it) and runs them; resolves to the report. */
export function runHypium(suites, timeoutMs) {
  return new Promise((resolve) => {
    const core = Core.getInstance();
    core.addService('expect', new ExpectExtend({ id: 'extend' }));
    const report = new NodeReport(resolve);
    core.addService('report', report);
    core.init();
    core.subscribeEvent('spec', report);
    core.subscribeEvent('suite', report);
    core.subscribeEvent('task', report);
    core.getDefaultService('config').setConfig({ timeout: String(timeoutMs) });
    for (const s of suites) s();
    const delegator = {
      print: async (m) => {}, printSync: (m) => {}, finishTest: (m, c, cb) => { if (cb) cb(); },
      executeShellCommand: () => { throw new Error('executeShellCommand is not available on Node'); },
    };
    core.execute(delegator);
  });
}
