/**
 * Build-time substitute for entry/src/main/ets/tunnel/SealingChoice.ets when the host runtime runs the
 * VPN ability with HARMONYWG_SEAL_WORKER=always (see bundling.ts): the sealing worker from Start,
 * whatever the load (tests of the worker path, the benchmark's forced-worker contender).
 */
import { SealingPolicy } from '../../entry/src/main/ets/tunnel/SealingPipeline';

export function createSealingPolicy(): SealingPolicy {
  const p = new SealingPolicy();
  p.startAtAttach = true;
  return p;
}
