// The proxy CA's rotation written to its Secret, against the Kubernetes API test server: two replicas that decide to
// rotate from the same read both make a CA, one write wins (resourceVersion), the other gets a 409, reads again and
// serves the winner's; promotion and the expiry of the previous CA rewrite the Secret the same way.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { PrivateCa } from '@infra/access/self-signed';
import { startKubeApiServer, type KubeApiServer } from '@infra/kube-testing';
import { connectorLogger } from '../log.js';
import { within } from '../testing/deadline.js';
import { kubeConfigFor } from '../testing/kubeconfig.js';
import { newProxyCa } from '../tls.js';
import { ProxyCaRotator } from './proxy-ca-rotator.js';

const NAMESPACE = 'infra';
const DAY = 86_400_000;
const POLICY = { rotateBeforeMs: 30 * DAY, overlapMs: 7 * DAY };

describe('the proxy CA rotation in its Secret', function () {
  this.timeout(30_000);
  let kube: KubeApiServer;
  let cas: PrivateCa[];
  let month: PrivateCa; // 31 days: at rotate-before tomorrow, while a next CA made today is still in its overlap
  let day: PrivateCa; // expires before the others
  before(async () => {
    kube = await startKubeApiServer({ namespaces: [NAMESPACE] });
    cas = await Promise.all([newProxyCa(), newProxyCa(), newProxyCa()]); // made once: keygen is slow
    [month, day] = await Promise.all([newProxyCa(31 * DAY), newProxyCa(DAY)]);
  });
  after(async () => kube?.stop());

  const notAfter = (pem: string) => Date.parse(new X509Certificate(pem).validTo);
  const notBefore = (pem: string) => Date.parse(new X509Certificate(pem).validFrom);
  const data = (name: string) => {
    const s = kube.get('v1', 'Secret', name, NAMESPACE) as unknown as { data: Record<string, string> };
    return Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
  };
  const replica = (
    name: string,
    make: () => Promise<PrivateCa>,
    now: () => number,
    logger = connectorLogger('silent'),
  ) =>
    new ProxyCaRotator({
      kube: kubeConfigFor(kube.url, kube.caPem, kube.adminToken),
      ref: { namespace: NAMESPACE, name },
      policy: POLICY,
      make,
      logger,
      now,
    });
  const put = (name: string, entries: Record<string, string>) =>
    kube.put({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: NAMESPACE },
      type: 'Opaque',
      data: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    });

  it('lets two replicas race the rotation: one next CA is written and both trust it', async () => {
    put('race', { 'ca.crt': month.caPem, 'ca.key': month.caKeyPem });
    const now = () => notAfter(month.caPem) - POLICY.rotateBeforeMs; // exactly at rotate-before
    // Each make waits for the other: both replicas decided to rotate from the same read before either writes.
    let called = 0;
    let bothCalled!: () => void;
    const barrier = new Promise<void>((r) => (bothCalled = r));
    const make = (ca: PrivateCa) => async () => {
      if (++called === 2) bothCalled();
      await barrier;
      return ca;
    };
    const lines: string[] = [];
    const logger = connectorLogger('debug', { write: (l: string) => void lines.push(l) });
    const [a, b] = await within(
      'both replicas to finish their pass',
      Promise.all([
        replica('race', make(cas[1]), now, logger).pass(),
        replica('race', make(cas[2]), now, logger).pass(),
      ]),
    );
    assert.equal(called, 2, 'the replicas did not both decide to rotate');
    const kept = data('race');
    assert.ok([cas[1].caPem, cas[2].caPem].includes(kept['next.crt']), 'no next CA in the Secret');
    assert.equal(kept['ca.crt'], month.caPem, 'adding a next CA changed the current one');
    for (const plan of [a, b]) {
      assert.deepEqual(plan.trust, [month.caPem, kept['next.crt']]);
      assert.equal(plan.signer.certPem, month.caPem, 'the next CA signed before the overlap');
      assert.equal(plan.change, undefined);
    }
    assert.equal(lines.filter((l) => l.includes('another replica changed the proxy CA Secret first')).length, 1);
  });

  it('promotes the next CA at the end of the overlap and drops the old key', async () => {
    put('promote', {
      'ca.crt': cas[0].caPem,
      'ca.key': cas[0].caKeyPem,
      'next.crt': cas[1].caPem,
      'next.key': cas[1].caKeyPem,
    });
    const early = await replica(
      'promote',
      async () => cas[2],
      () => notBefore(cas[1].caPem) + POLICY.overlapMs - 1,
    ).pass();
    assert.equal(early.signer.certPem, cas[0].caPem, 'promoted before the overlap was over');
    const plan = await replica(
      'promote',
      async () => cas[2],
      () => notBefore(cas[1].caPem) + POLICY.overlapMs,
    ).pass();
    assert.equal(plan.signer.certPem, cas[1].caPem);
    assert.deepEqual(plan.trust, [cas[1].caPem, cas[0].caPem]);
    assert.deepEqual(data('promote'), {
      'ca.crt': cas[1].caPem,
      'ca.key': cas[1].caKeyPem,
      'previous.crt': cas[0].caPem,
    });
  });

  it('stops trusting the previous CA once it expired', async () => {
    put('expired', { 'ca.crt': cas[1].caPem, 'ca.key': cas[1].caKeyPem, 'previous.crt': day.caPem });
    const at = (now: number) =>
      replica(
        'expired',
        async () => cas[2],
        () => now,
      ).pass();
    const trusted = await at(notAfter(day.caPem));
    assert.deepEqual(trusted.trust, [cas[1].caPem, day.caPem], 'the previous CA was dropped at its notAfter');
    const plan = await at(notAfter(day.caPem) + 1);
    assert.deepEqual(plan.trust, [cas[1].caPem]);
    assert.deepEqual(data('expired'), { 'ca.crt': cas[1].caPem, 'ca.key': cas[1].caKeyPem });
  });
});
