// hypium-timeout: 120000
/**
 * Issue 11 items 4 and 8: "Import from URL" against real HTTP(S) servers in a network namespace,
 * through `npm run cli -- fetch` (ImportViewModel's fetch step over `@ohos/axios`, here npm axios)
 * run in the phone namespace. The server namespace serves HTTPS with a self-signed certificate made
 * by `openssl`; the app trusts it only through the explicit test seam (`--ca`, FetchOptions.trustedCaPath).
 * Cases: a good file, a 404, a 1 MiB body (refused by size), an HTML page (refused as not a
 * configuration: the BadConfigError), a server that never answers (timeout, measured), a redirect
 * loop (bounded), a relative redirect (followed), https redirected to http (refused), the same server without the seam (TLS refused), plain http only when allowed.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import path from 'node:path';
import { NetnsLab } from './netns';
import { execNs, note } from './scenario';
import { recordOutput } from '../tools/secret-scan.mjs';

const PORT_TLS = 8443;
const PORT_PLAIN = 8080;
/** The timeout given to the fetch (ms) and the margin rule's limit for the time it takes (5x, or +5 s). */
const FETCH_TIMEOUT_MS = 1500;
const TIMEOUT_LIMIT_MS = Math.max(5 * FETCH_TIMEOUT_MS, FETCH_TIMEOUT_MS + 5000);

const PRIVATE_KEY = 'GFo8bdW9o5P1qsEN/8pkHXbLMdyXf5kVOPtH2Xq1RlE=';
/** Every key the suite uses (the run's secret scan reads this list). */
export const SECRETS_USED = [PRIVATE_KEY];
const GOOD = `[Interface]\nPrivateKey = ${PRIVATE_KEY}\nAddress = 10.9.0.2/32\nDNS = 10.9.0.1\n\n[Peer]\n` +
  'PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\nAllowedIPs = 0.0.0.0/0\nEndpoint = 198.18.0.2:51820\n';

const SERVER = `
const fs = require('node:fs'), http = require('node:http'), https = require('node:https');
const [cert, key, good, host, tlsPort, plainPort] = process.argv.slice(1);
const handler = (req, res) => {
  const u = req.url;
  if (u === '/good.conf') { res.writeHead(200, { 'content-type': 'text/plain' }); res.end(fs.readFileSync(good)); }
  else if (u === '/big.conf') { res.writeHead(200, { 'content-type': 'text/plain' }); res.end(Buffer.alloc(1048576, 0x23)); }
  else if (u === '/page.conf') { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><html><body><h1>Sign in</h1></body></html>\\n'); }
  else if (u === '/hang.conf') { /* never answers */ }
  else if (u === '/hop.conf') { res.writeHead(301, { location: 'good.conf' }); res.end(); }
  else if (u === '/tohttp.conf') { res.writeHead(302, { location: 'http://' + host + ':' + plainPort + '/good.conf' }); res.end(); }
  else if (u.startsWith('/loop')) { res.writeHead(302, { location: '/loop' + (Number(u.slice(5) || 0) + 1) }); res.end(); }
  else { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); }
};
let ready = 0;
const up = () => { if (++ready === 2) console.log('ready'); };
https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, handler).listen(Number(tlsPort), host, up);
http.createServer(handler).listen(Number(plainPort), host, up);
`;

interface Fetched { code: number; json: any; stderr: string; ms: number }

/** `npm run cli -- fetch URL --json …` in the phone namespace. */
async function fetchIn(lab: NetnsLab, url: string, extra: string[]): Promise<Fetched> {
  const t0 = Date.now();
  const r = await execNs(lab.phoneNs, process.execPath, [path.join(process.cwd(), 'tests/host/cli/cli.mjs'), 'fetch', url, '--json', ...extra], 60000);
  const ms = Date.now() - t0;
  recordOutput('cli-fetch', r.stdout + r.stderr);
  let json: any = null;
  try { json = JSON.parse(r.stdout); } catch { json = null; }
  const m = /fetch: .* (?:after|in) (\d+) ms/.exec(r.stderr);
  return { code: r.code, json, stderr: r.stderr, ms: m ? Number(m[1]) : ms };
}

export default function urlImportTest(): void {
  describe('E2E import from URL (issue 11.4, 11.8)', () => {
    it('URL import against real HTTP(S) servers: good, 404, 1 MiB, HTML, no answer (timeout), redirect loop, untrusted certificate, plain http', 0, async () => {
      const lab = await NetnsLab.create();
      try {
        const cert = path.join(lab.dir, 'cert.pem');
        const key = path.join(lab.dir, 'key.pem');
        const good = path.join(lab.dir, 'good.conf');
        fs.writeFileSync(good, GOOD);
        lab.exec(lab.serverNs, 'openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
          '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${lab.serverAddr4}`, '-addext', `subjectAltName=IP:${lab.serverAddr4}`]);
        const server = lab.spawn(lab.serverNs, process.execPath, ['-e', SERVER, cert, key, good, lab.serverAddr4, String(PORT_TLS), String(PORT_PLAIN)]);
        await new Promise<void>((resolve, reject) => {
          let err = '';
          server.stderr?.on('data', (d) => { err += d; });
          server.stdout?.on('data', (d) => { if (String(d).includes('ready')) resolve(); });
          server.once('exit', () => reject(new Error(`server did not start: ${err}`)));
        });
        const base = `https://${lab.serverAddr4}:${PORT_TLS}`;
        const trusted = ['--ca', cert, '--timeout-ms', String(FETCH_TIMEOUT_MS)];

        const ok = await fetchIn(lab, `${base}/good.conf`, trusted);
        note(`good: exit ${ok.code} in ${ok.ms} ms`);
        expect(ok.code).assertEqual(0);
        expect(ok.json.ok).assertTrue();
        expect(JSON.stringify(ok.json.vpnConfig.dnsAddresses)).assertEqual('["10.9.0.1"]');
        expect(ok.json.peers[0].endpoint).assertEqual('198.18.0.2:51820');

        const missing = await fetchIn(lab, `${base}/missing.conf`, trusted);
        expect(`${missing.code} ${missing.json.error.problem} ${missing.json.error.status}`).assertEqual('1 HTTP_STATUS 404');
        expect(missing.json.error.text).assertEqual('There is no file at this address (404 Not Found).');

        const big = await fetchIn(lab, `${base}/big.conf`, trusted);
        expect(`${big.code} ${big.json.error.problem}`).assertEqual('1 TOO_LARGE');

        const html = await fetchIn(lab, `${base}/page.conf`, trusted);
        expect(html.code).assertEqual(1);
        expect(html.json.ok).assertFalse();
        expect(html.json.error.kind === undefined && typeof html.json.error.reason === 'string').assertTrue(); // check's BadConfigError
        note(`HTML page: ${JSON.stringify(html.json.error)}`);

        const hang = await fetchIn(lab, `${base}/hang.conf`, trusted);
        note(`no answer: TIMEOUT after ${hang.ms} ms (timeout ${FETCH_TIMEOUT_MS} ms, limit ${TIMEOUT_LIMIT_MS} ms)`);
        expect(`${hang.code} ${hang.json.error.problem}`).assertEqual('1 TIMEOUT');
        expect(hang.ms >= FETCH_TIMEOUT_MS - 50 && hang.ms <= TIMEOUT_LIMIT_MS).assertTrue();

        const loop = await fetchIn(lab, `${base}/loop`, trusted);
        expect(`${loop.code} ${loop.json.error.problem}`).assertEqual('1 TOO_MANY_REDIRECTS');

        const hop = await fetchIn(lab, `${base}/hop.conf`, trusted);
        expect(hop.code).assertEqual(0);
        const down = await fetchIn(lab, `${base}/tohttp.conf`, trusted);
        expect(`${down.code} ${down.json.error.problem}`).assertEqual('1 REDIRECT_TO_HTTP');

        const untrusted = await fetchIn(lab, `${base}/good.conf`, ['--timeout-ms', String(FETCH_TIMEOUT_MS)]);
        note(`without the test CA: ${untrusted.json.error.problem} (${untrusted.json.error.code})`);
        expect(`${untrusted.code} ${untrusted.json.error.problem}`).assertEqual('1 TLS');

        const plainUrl = `http://${lab.serverAddr4}:${PORT_PLAIN}/good.conf`;
        const refused = await fetchIn(lab, plainUrl, []);
        expect(`${refused.code} ${refused.json.error.problem}`).assertEqual('1 PLAIN_HTTP');
        const allowed = await fetchIn(lab, plainUrl, ['--allow-http']);
        expect(allowed.code).assertEqual(0);
        expect(allowed.json.ok).assertTrue();
      } finally {
        await lab.close();
      }
    });
  });
}
