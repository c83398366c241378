import { FakeRbac } from '../testing/fake-rbac.js';
import { reconcilerScenarios } from '../testing/reconciler-scenarios.js';

describe('RBAC reconciler (in-memory API)', () => {
  reconcilerScenarios(async () => {
    const fake = new FakeRbac();
    return { client: fake, ensureNamespace: async (n) => void fake.namespaces.add(n) };
  });
});
