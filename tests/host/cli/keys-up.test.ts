// hypium-timeout: 60000
/**
 * `npm run cli -- genkey | pubkey` agree with wireguard-tools; `up` brings a real tunnel up against
 * wireguard-go in a namespace, carries traffic, and stops cleanly on SIGINT.
 */
import { describe, it, expect } from '@ohos/hypium';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { NetnsLab } from '../../e2e/netns';
import { declareSecret, recordOutput } from '../../tools/secret-scan.mjs';

const repo = process.cwd();
const cli = path.join(repo, 'tests/host/cli/cli.mjs');

/** Runs the CLI; its output goes to the secret scan (but genkey's stdout, which is the key asked for). */
function runCli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo, encoding: 'utf8', input });
  if (args[0] === 'genkey') declareSecret(r.stdout.trim()); else recordOutput(`cli-${args[0]}`, r.stdout);
  recordOutput(`cli-${args[0]}`, r.stderr);
  return r;
}

function waitForLine(buf: { text: string }, re: RegExp, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  return new Promise((resolve) => {
    const t = setInterval(() => {
      if (re.test(buf.text)) { clearInterval(t); resolve(true); } else if (Date.now() > until) { clearInterval(t); resolve(false); }
    }, 100);
  });
}

export default function cliKeysUpTest(): void {
  describe('CliKeysAndUp', () => {
    it('genkey prints distinct keys whose public keys match `wg pubkey`', 0, () => {
      const seen = new Set<string>();
      for (let i = 0; i < 3; i++) {
        const g = runCli(['genkey']);
        expect(g.status).assertEqual(0);
        const priv = g.stdout.trim();
        expect(priv.length).assertEqual(44);
        seen.add(priv);
        const ours = runCli(['pubkey'], priv + '\n');
        expect(ours.status).assertEqual(0);
        const theirs = spawnSync('wg', ['pubkey'], { input: priv + '\n', encoding: 'utf8' });
        expect(ours.stdout.trim()).assertEqual(theirs.stdout.trim());
      }
      expect(seen.size).assertEqual(3);
    });

    it('pubkey refuses text that is not a key, naming the reason', 0, () => {
      const r = runCli(['pubkey'], 'not a key\n');
      expect(r.status).assertEqual(1);
      expect(r.stderr.trim()).assertEqual('error: not a WireGuard key (WRONG_LENGTH)');
    });

    it('up brings the tunnel up against wireguard-go, carries a ping, and stops on SIGINT', 0, async () => {
      const lab = await NetnsLab.create();
      try {
        const wg = await lab.startWireguard();
        const conf = path.join(lab.dir, 'lab.conf');
        fs.writeFileSync(conf, lab.clientConfig());
        const child = lab.spawn(lab.phoneNs, process.execPath, [cli, 'up', conf], {
          cwd: repo,
          env: { ...process.env, HARMONYWG_FILES_DIR: path.join(lab.dir, 'files'), HARMONYWG_STATE_DIR: path.join(lab.dir, 'state') },
        });
        const out = { text: '' };
        child.stdout!.on('data', (d) => { out.text += d; });
        child.stderr!.on('data', (d) => { out.text += d; });
        const exited = new Promise<number>((r) => child.once('exit', (code) => { recordOutput('cli-up', out.text); r(code === null ? -1 : code); }));
        expect(await waitForLine(out, /state: Connected/, 20000)).assertTrue();
        expect(await waitForLine(out, /Connected \| latest handshake \d+ s ago \| received \d/, 5000)).assertTrue();
        const ping = spawnSync('ip', ['netns', 'exec', lab.phoneNs, 'ping', '-n', '-c', '2', '-i', '0.2', '-w', '5', wg.tunnelAddr4], { encoding: 'utf8' });
        expect(ping.status).assertEqual(0);
        child.kill('SIGINT');
        expect(await exited).assertEqual(0);
        expect(out.text.includes('stopped')).assertTrue();
        expect(lab.exec(lab.phoneNs, 'ip', ['-o', 'link', 'show']).includes('vpn-tun')).assertFalse();
      } finally {
        await lab.close();
      }
    });

    it('up refuses an invalid file with the error line and exit 1, creating nothing', 0, () => {
      const bad = path.join(fs.mkdtempSync('/tmp/hwg-cli-'), 'bad.conf');
      fs.writeFileSync(bad, '[Interface]\nPrivateKey = nope\nAddress = 10.0.0.2/32\n');
      const r = runCli(['up', bad]);
      expect(r.status).assertEqual(1);
      // The text of a PrivateKey line is never printed back, even a malformed one.
      expect(r.stdout.trim()).assertEqual('error: INVALID_KEY in Interface PrivateKey: "<hidden>"');
      fs.rmSync(path.dirname(bad), { recursive: true, force: true });
    });
  });
}
