/**
 * Build-time substitute for entry/src/main/ets/tunnel/SealingChoice.ets when the host runtime runs the
 * VPN ability with HARMONYWG_SEAL_WORKER set (see bundling.ts), for tests and the benchmark:
 *  - `always`: the sealing worker from Start, whatever the load (the benchmark's contender F);
 *  - `eager`: the device's mechanism with low thresholds — a worker after any 1 s window in which the
 *    engine thread was busy ≥ 1 % of the time, ended after 1.5 s without a flush on it — so that an
 *    end-to-end test sees the load meter start it and the idle check end it.
 */
import { SealingPolicy } from '../../entry/src/main/ets/tunnel/SealingPipeline';

export function createSealingPolicy(): SealingPolicy {
  const p = new SealingPolicy();
  if (process.env.HARMONYWG_SEAL_WORKER === 'always') {
    p.startAtAttach = true;
  } else if (process.env.HARMONYWG_SEAL_WORKER === 'eager') {
    p.startBusyFraction = 0.01;
    p.idleStopMs = 1500;
  }
  return p;
}
