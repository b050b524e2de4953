// hypium-timeout: 60000
/** The test runner's own behaviour: failures and errors make it fail; passes are counted. */
import { describe, it, expect } from '@ohos/hypium';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repo = process.cwd();

function runner(...files: string[]) {
  return spawnSync(process.execPath, [path.join(repo, 'tests/tools/run-tests.mjs'), '--no-lint', ...files], { cwd: repo, encoding: 'utf8' });
}

function leakRun(mode: string) {
  return spawnSync(process.execPath, [path.join(repo, 'tests/tools/run-tests.mjs'), '--no-lint', 'tests/tools/fixtures/leak.suite.ts'],
    { cwd: repo, encoding: 'utf8', env: { ...process.env, HARMONYWG_FIXTURE_LEAK: mode } });
}

export default function runnerTest(): void {
  describe('TestRunner', () => {
    it('exits non-zero and counts a failing and a throwing case as failed', 0, () => {
      const r = runner('tests/tools/fixtures/mixed.suite.ets');
      expect(r.status).assertEqual(1);
      const lines = r.stdout.trim().split('\n');
      expect(lines[lines.length - 1]).assertEqual('1 passed, 2 failed');
      expect(r.stdout.includes('FAIL  RunnerFixture > fails an assertion on purpose')).assertTrue();
      expect(r.stdout.includes('ERROR RunnerFixture > throws on purpose')).assertTrue();
      expect(r.stdout.includes('ok    RunnerFixture > passes')).assertTrue();
    });
    it('exits 0 and prints the totals when every case passes', 0, () => {
      const r = runner('tests/tools/fixtures/passing.suite.ets');
      expect(r.status).assertEqual(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[lines.length - 1]).assertEqual('2 passed, 0 failed');
    });
    it('adds the totals of several suite files', 0, () => {
      const r = runner('tests/tools/fixtures/passing.suite.ets', 'tests/tools/fixtures/mixed.suite.ets');
      expect(r.status).assertEqual(1);
      const lines = r.stdout.trim().split('\n');
      expect(lines[lines.length - 1]).assertEqual('3 passed, 2 failed');
    });
    it('the secret scan fails the run on a key the fixtures declare, printed on stdout', 0, () => {
      const r = leakRun('static');
      expect(r.status).assertEqual(1);
      expect(r.stdout.includes('ERROR secret scan: tests_tools_fixtures_leak.suite.ts.out holds the key mBGX… (base64; tests/tools/fixtures/leak.suite.ts)')).assertTrue();
      expect(r.stdout.trim().endsWith('1 passed, 1 failed')).assertTrue();
    });
    it('the secret scan fails the run on a key declared at run time, printed as hex on stderr', 0, () => {
      const r = leakRun('runtime');
      expect(r.status).assertEqual(1);
      expect(/ERROR secret scan: tests_tools_fixtures_leak\.suite\.ts\.out holds the key .{4}… \(hex; declared at run time\)/.test(r.stdout)).assertTrue();
    });
    it('the secret scan fails the run on a key in a recorded output (the phone agent, the CLI)', 0, () => {
      const r = leakRun('recorded');
      expect(r.status).assertEqual(1);
      expect(r.stdout.includes('ERROR secret scan: phone-agent.out holds the key')).assertTrue();
    });
    it('the secret scan passes a run that used the same keys without printing them', 0, () => {
      const r = leakRun('none');
      expect(r.status).assertEqual(0);
      expect(/secret scan: \d+ keys over 1 outputs \(\d+ bytes\): 0 hits/.test(r.stdout)).assertTrue();
    });
    it('counts a suite that does not build as a failure', 0, () => {
      const r = runner('tests/tools/fixtures/does-not-exist.suite.ets');
      expect(r.status).assertEqual(1);
      expect(r.stdout.includes('does not build')).assertTrue();
    });
  });
}
