/**
 * The part of the ohpm package `@ohos/axios` (2.2.x, declared in entry/oh-package.json5) that HarmonyWG
 * uses. `@ohos/axios` is not on the npm registry; its API mirrors axios's (same names, shapes and
 * error codes, over `@ohos.net.http` on the device), so these members are the axios 1.x ones
 * (axios `index.d.ts`), plus `caPath` of `@ohos/axios` (a CA certificate file to trust in addition to
 * the system's). The lint gate maps the module name here (tests/tools/lint.mjs `paths`); the host
 * runtime maps it to npm `axios` (tests/host/ohpm/axios.ts, through tests/tools/bundle.mjs).
 */

/** Response types used: only `text` (the body as a string). */
export type ResponseType = 'text';

/** The headers of a response, by lower-case name. */
export interface AxiosResponseHeaders {
  'content-type'?: string;
  'content-length'?: string;
  /** Where a 3xx response points (relative or absolute). */
  location?: string;
}

/** The options of one request (axios `AxiosRequestConfig`). */
export interface AxiosRequestConfig {
  /** The absolute URL. */
  url?: string;
  /** HTTP method; default `get`. */
  method?: string;
  /** Milliseconds before the request is aborted with code `ECONNABORTED` (0: none). */
  timeout?: number;
  /** How many redirects are followed; one more fails with `ERR_FR_TOO_MANY_REDIRECTS`. */
  maxRedirects?: number;
  /** Largest response body (bytes); a larger one fails (`maxContentLength size of N exceeded`). */
  maxContentLength?: number;
  /** Largest request body (bytes). */
  maxBodyLength?: number;
  /** How the body is returned. */
  responseType?: ResponseType;
  /** A CA certificate file (PEM) to trust for this request (`@ohos/axios`). */
  caPath?: string;
  /** Which statuses resolve; the others reject with the response attached. */
  validateStatus?: (status: number) => boolean;
}

/** A response (axios `AxiosResponse`). */
export interface AxiosResponse<T> {
  data: T;
  status: number;
  statusText: string;
  headers: AxiosResponseHeaders;
  config: AxiosRequestConfig;
}

/** The error a request rejects with (axios `AxiosError`). */
export interface AxiosError<T> extends Error {
  /**
   * What failed: axios's codes (`ECONNABORTED` timeout, `ETIMEDOUT`, `ERR_FR_TOO_MANY_REDIRECTS`,
   * `ERR_BAD_RESPONSE`, `ERR_BAD_REQUEST`, `ERR_NETWORK`, …) or the system's (`ENOTFOUND`,
   * `ECONNREFUSED`, a TLS reason such as `DEPTH_ZERO_SELF_SIGNED_CERT`; on the device the
   * `@ohos.net.http` code, e.g. 2300006 host not resolved, 2300028 timeout, 2300060 TLS).
   */
  code?: string;
  /** The response, when the server answered with a status validateStatus refused. */
  response?: AxiosResponse<T>;
  isAxiosError: boolean;
}

/** The default export (axios `AxiosStatic`, the members used). */
export interface AxiosStatic {
  /** Sends a request. @throws AxiosError */
  request<T>(config: AxiosRequestConfig): Promise<AxiosResponse<T>>;
}

declare const axios: AxiosStatic;
export default axios;
