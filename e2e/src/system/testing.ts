// Mocha fixture: one whole system per describe block, started in before() and stopped in after().
import { InfraSystem, type SystemOptions } from './harness.js';

export function useSystem(opts: SystemOptions = {}): () => InfraSystem {
  let sys: InfraSystem | undefined;
  before(async function () {
    this.timeout(120_000);
    sys = await InfraSystem.start(opts);
  });
  after(async function () {
    this.timeout(60_000);
    await sys?.stop();
  });
  return () => {
    if (!sys) throw new Error('useSystem: the system is used outside a test');
    return sys;
  };
}
