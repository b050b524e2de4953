/**
 * `check <file> [--json] [--api-level N] [--exclude-private] [--exclude-own-bundle]`
 * Parses a wg-quick file with the app's core and builds the VpnConfig that would be passed to
 * `VpnConnection.create()`.
 *   success: exit 0; the VpnConfig, then each peer's endpoint and AllowedIPs (warnings on stderr);
 *   refusal: exit 1; one line `error: <REASON> in <Section> <Location>: "<text>"`;
 *   usage or I/O problem: exit 2.
 * With --json stdout is exactly one JSON object:
 *   {"ok":true,"vpnConfig":{…},"peers":[{"publicKey","endpoint","allowedIPs"}]} or
 *   {"ok":false,"error":{"section","location","reason","text"}}.
 */
import fs from 'node:fs';
import { BadConfigError, ConfigDetail, sectionName } from '../../../../entry/src/main/ets/core/config/BadConfigError';
import { TunnelConfig } from '../../../../entry/src/main/ets/core/config/TunnelConfig';
import { PlatformInfo, VpnConfigOptions, toVpnConfig } from '../../../../entry/src/main/ets/core/config/VpnConfig';

/** The app's bundle name (AppScope/app.json5); used with --exclude-own-bundle. */
const OWN_BUNDLE = 'org.harmonywg.vpn';

export async function run(args: string[]): Promise<number> {
  let file = '';
  let json = false;
  let apiLevel = 12;
  const options = new VpnConfigOptions();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--exclude-private') options.excludePrivateNetworks = true;
    else if (a === '--exclude-own-bundle') options.excludeOwnBundle = true;
    else if (a === '--api-level' && i + 1 < args.length) apiLevel = Number(args[++i]);
    else if (!a.startsWith('--') && file === '') file = a;
    else {
      process.stderr.write(`check: unexpected argument ${a}\n`);
      return 2;
    }
  }
  if (file === '' || !Number.isInteger(apiLevel)) {
    process.stderr.write('usage: check <file.conf> [--json] [--api-level N] [--exclude-private] [--exclude-own-bundle]\n');
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`check: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const tunnel = TunnelConfig.parse(text);
    const result = toVpnConfig(tunnel, new PlatformInfo(apiLevel, OWN_BUNDLE), options);
    const peers = tunnel.peers.map((p) => ({
      publicKey: p.publicKey.toBase64(),
      endpoint: p.endpoint === null ? null : p.endpoint.toString(),
      allowedIPs: p.allowedIps.map((c) => c.toString()),
    }));
    for (const w of result.warnings) process.stderr.write(`warning: ${w.code}: ${w.text}\n`);
    if (json) {
      process.stdout.write(JSON.stringify({ ok: true, vpnConfig: result.vpnConfig, peers }) + '\n');
    } else {
      process.stdout.write('VpnConfig (passed to VpnConnection.create()):\n');
      process.stdout.write(JSON.stringify(result.vpnConfig, null, 2) + '\n');
      peers.forEach((p, i) => {
        process.stdout.write(`peer ${i + 1} ${p.publicKey}\n  endpoint: ${p.endpoint ?? '(none)'}\n  allowedIPs: ${p.allowedIPs.join(', ') || '(none)'}\n`);
      });
    }
    return 0;
  } catch (e) {
    if (!(e instanceof BadConfigError)) throw e;
    if (json) {
      process.stdout.write(JSON.stringify({ ok: false, error: { section: e.section, location: e.location, reason: e.reason, text: e.text } }) + '\n');
    } else {
      const where = sectionName(e.section) + (e.location ? ' ' + e.location : '');
      process.stdout.write(`error: ${e.reason} in ${where}: ${JSON.stringify(e.text)}\n`);
      if (e.detail !== ConfigDetail.NONE || e.line > 0) {
        process.stderr.write(`  (${[e.detail !== ConfigDetail.NONE ? e.detail : '', e.line > 0 ? 'line ' + e.line : ''].filter((s) => s).join(', ')})\n`);
      }
    }
    return 1;
  }
}
