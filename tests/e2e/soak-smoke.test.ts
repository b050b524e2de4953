// hypium-timeout: 120000
/**
 * A short run of `npm run soak` (tests/soak/soak.ts, issue 12 item 4): two cycles (about 30 s), so
 * that one server restart and one network change happen. It must finish every traffic step, print the `SOAK`
 * line, and keep the VPN process's fd and timer counts constant after the warm-up. RSS growth is
 * printed (a short run says little about it; `npm run soak -- --minutes 10` is the real measure).
 */
import { describe, it, expect } from '@ohos/hypium';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { note } from './scenario';

export default function soakSmokeTest(): void {
  describe('Soak (short)', () => {
    it('npm run soak -- --minutes 0.25 --min-cycles 2: every step passes, SOAK line, fds and timers constant after warm-up', 0, async () => {
      const child = spawn(process.execPath, [path.join(process.cwd(), 'tests/tools/run-ts.mjs'), 'tests/soak/soak.ts', '--minutes', '0.25', '--min-cycles', '2', '--sample-seconds', '5'],
        { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { out += d; });
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => { child.kill('SIGINT'); }, 100000);
        child.once('exit', (c) => { clearTimeout(timer); resolve(c); });
      });
      const line = out.split('\n').find((l) => l.startsWith('SOAK '));
      if (line === undefined) throw new Error(`no SOAK line (exit ${code}): ${out.slice(-2000)}`);
      const r = JSON.parse(line.slice(5));
      note(line);
      expect(code).assertEqual(0);
      expect(r.failures.length).assertEqual(0);
      expect(r.cycles >= 2).assertTrue();
      expect(r.fdsMax).assertEqual(r.fdsMin);
      // The VPN process arms one one-shot timer while packets flow (the statistics write 1 s after
      // traffic; none while idle, TunnelSession), so a sample may see one timer more; a leak grows.
      expect(r.timersMax - r.timersMin <= 1).assertTrue();
      expect(r.rssFirstKb > 0).assertTrue();
    });
  });
}
