/**
 * Host implementation of the ohpm package `@ohos/axios` (types/ohpm/ohos-axios): npm `axios` with its
 * Node http adapter, which `@ohos/axios` mirrors. The one `@ohos/axios` option axios lacks, `caPath`
 * (a PEM file of extra CAs to trust), becomes an https agent that trusts the system's CAs plus that
 * file. Proxies from the environment are ignored (the device's `@ohos.net.http` does not read them).
 */
import fs from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import realAxios from 'axios';

interface OhosConfig { caPath?: string; [k: string]: any }

const axios = {
  async request(config: OhosConfig): Promise<any> {
    const { caPath, ...rest } = config;
    const options: any = { ...rest, adapter: 'http', proxy: false };
    if (caPath) options.httpsAgent = new https.Agent({ ca: [...tls.rootCertificates, fs.readFileSync(caPath, 'utf8')] });
    return realAxios.request(options);
  },
};

export default axios;
