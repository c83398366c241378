import assert from 'node:assert/strict';
import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { connectorLogger } from '../log.js';
import { ConnectorState } from '../state/connector-state.js';
import { FakeConnectorServer } from '../testing/fake-server.js';
import { FakeClock, aGrant, aSnapshot, aUser } from '../testing/fakes.js';
import { StreamClient } from './stream-client.js';

/** An error line as `msg: err.message`, what the assertions below read. */
function errorLine(l: { msg: string; err?: { message: string } }): string {
  return `${l.msg}: ${l.err?.message}`;
}

const bob = aUser('bob@example.com');
const carol = aUser('carol@example.com');
const dave = aUser('dave@example.com');

describe('connector stream client', function () {
  this.timeout(60_000);
  let server: FakeConnectorServer;
  let clock: FakeClock;
  let state: ConnectorState;
  let client: StreamClient;
  let errors: string[];

  beforeEach(async () => {
    errors = [];
    server = new FakeConnectorServer();
    await server.start();
    clock = new FakeClock();
    state = new ConnectorState('production', clock);
    client = new StreamClient({
      address: server.address,
      dial: async () => ({ credentials: grpc.credentials.createInsecure(), channelOptions: {} }),
      accessKey: 'key-id.secret',
      state,
      clock,
      logger: connectorLogger('error', { write: (line: string) => void errors.push(errorLine(JSON.parse(line))) }),
      heartbeatMs: 20,
      heartbeatTimeoutMs: 60_000,
      backoff: { initialMs: 10, maxMs: 50 },
      registration: async () => ({
        destination: 'production',
        proxyUrl: 'https://proxy.example:8443',
        proxyCaPem: 'PEM',
        kubernetesVersion: 'v1.32.4',
        connectorVersion: '0.1.0',
      }),
    });
  });
  afterEach(async () => {
    await client.stop();
    await server.stop();
  });

  it('registers with its access key, applies the snapshot and acknowledges it', async () => {
    server.onRegister = (s) => {
      s.call.write({ registered: { destinationId: 'd-1', destination: 'production' } });
      s.call.write({
        snapshot: { sequence: 7, users: [bob], grants: [aGrant({ userId: bob.id, resource: 'production' })] },
      });
    };
    client.start();
    const reg = await server.waitFor((m) => m.msg === 'register');
    assert.equal(server.current?.authorization, 'Bearer key-id.secret');
    assert.equal(reg.register?.destination, 'production');
    assert.equal(reg.register?.proxyUrl, 'https://proxy.example:8443');
    assert.equal(Number(reg.register?.resumeFrom), 0);
    const ack = await server.waitFor((m) => m.msg === 'ack');
    assert.equal(Number(ack.ack?.sequence), 7);
    assert.equal(state.identityOf(bob.id)?.userName, 'bob@example.com');
  });

  it('applies changes in order, acknowledges each, and sends heartbeats', async () => {
    client.start();
    await server.waitFor((m) => m.msg === 'ack');
    const s = server.current!;
    const g = aGrant({ userId: bob.id, resource: 'production' });
    s.call.write({ change: { sequence: 2, userUpserted: bob } });
    s.call.write({ change: { sequence: 3, grantUpserted: g } });
    await server.waitFor((m) => m.msg === 'ack' && Number(m.ack?.sequence) === 3);
    assert.ok(state.identityOf(bob.id));
    s.call.write({ change: { sequence: 4, grantRemoved: g.id } });
    await server.waitFor((m) => m.msg === 'ack' && Number(m.ack?.sequence) === 4);
    assert.equal(state.identityOf(bob.id), undefined);
    await server.waitFor((m) => m.msg === 'heartbeat');
  });

  it('registers with the namespaces it knows, then sends changes to them and reconcile problems', async () => {
    client.setNamespaces(['web', 'default']);
    client.setReport([{ grantId: 'g1', message: 'ClusterRole "nope" does not exist' }]);
    client.start();
    const reg = await server.waitFor((m) => m.msg === 'register');
    assert.deepEqual(reg.register?.namespaces, ['default', 'web']);
    assert.deepEqual((await server.waitFor((m) => m.msg === 'report')).report?.problems, [
      { grantId: 'g1', message: 'ClusterRole "nope" does not exist' },
    ]);
    client.setNamespaces(['kube-system', 'web']);
    const ns = await server.waitFor((m) => m.msg === 'namespaces');
    assert.deepEqual(ns.namespaces?.namespaces, ['kube-system', 'web']);
  });

  it('sends namespaces that changed while it waited for Registered', async () => {
    server.onRegister = () => {}; // answer later
    client.setNamespaces(['default']);
    client.start();
    await server.waitFor((m) => m.msg === 'register');
    client.setNamespaces(['default', 'web']);
    server.current!.call.write({ registered: { destinationId: 'd-1', destination: 'production' } });
    const ns = await server.waitFor((m) => m.msg === 'namespaces');
    assert.deepEqual(ns.namespaces?.namespaces, ['default', 'web']);
  });

  it('reconnects after the server restarts, keeps its state meanwhile, and resumes from the last sequence', async () => {
    client.start();
    await server.waitFor((m) => m.msg === 'ack');
    server.current!.call.write({ change: { sequence: 5, userUpserted: bob } });
    server.current!.call.write({
      change: { sequence: 6, grantUpserted: aGrant({ userId: bob.id, resource: 'production' }) },
    });
    await server.waitFor((m) => m.msg === 'ack' && Number(m.ack?.sequence) === 6);
    const disconnected = once(client, 'disconnected');
    await server.stop();
    await disconnected;
    assert.ok(state.identityOf(bob.id), 'state survives the disconnection');
    client.sendAudit([{ requestId: 'r1', user: 'bob@example.com', verb: 'get', path: '/api', status: 200 }]);
    await server.start();
    const second = await server.nextStream(1);
    const reg = await server.waitFor((m) => m.msg === 'register', second);
    assert.equal(Number(reg.register?.resumeFrom), 6);
    const audit = await server.waitFor((m) => m.msg === 'audit', second);
    assert.equal(audit.audit?.events[0].requestId, 'r1');
  });

  it('drops the stream of a server that stopped sending heartbeats, and dials again', async () => {
    client.start();
    await server.waitFor((m) => m.msg === 'ack');
    server.current!.call.write({ heartbeat: { sentAtMs: clock.now() } });
    server.current!.call.write({ change: { sequence: 2, userUpserted: bob } });
    await server.waitFor((m) => m.msg === 'ack' && Number(m.ack?.sequence) === 2); // so the heartbeat was read
    clock.advance(120_000); // the server has said nothing for longer than the heartbeat timeout
    const second = await server.nextStream(1);
    await server.waitFor((m) => m.msg === 'register', second);
  });

  describe('a snapshot in parts', () => {
    const grantOf = (user: typeof bob) => aGrant({ userId: user.id, resource: 'production' });

    /** Connected with bob granted at sequence 7. */
    async function attachedWithBob() {
      server.onRegister = (s, reg) => {
        s.call.write({ registered: { destinationId: 'd-1', destination: 'production' } });
        if (Number(reg.resumeFrom) === 0)
          s.call.write({ snapshot: { sequence: 7, users: [bob], grants: [grantOf(bob)] } });
      };
      client.start();
      await server.waitFor((m) => m.msg === 'ack' && Number(m.ack?.sequence) === 7);
      return server.current!;
    }

    it('is applied at once when its last part arrives, as the parts together say', async () => {
      const s = await attachedWithBob();
      const seen: string[][] = [];
      state.on('changed', () => seen.push(state.activeGrants().map((g) => g.subject.name)));
      s.call.write({ snapshot: aSnapshot({ sequence: 9, part: 0, more: true, users: [carol, dave] }) });
      s.call.write({ heartbeat: { sentAtMs: clock.now() } });
      s.call.write({ snapshot: aSnapshot({ sequence: 9, part: 1, more: true, grants: [grantOf(carol)] }) });
      s.call.write({ snapshot: aSnapshot({ sequence: 9, part: 2, more: false, grants: [grantOf(dave)] }) });
      await server.waitFor((m) => m.msg === 'ack' && Number(m.ack?.sequence) === 9);
      assert.deepEqual(seen, [['carol@example.com', 'dave@example.com']], 'one change of state, to the whole snapshot');
      assert.equal(state.identityOf(bob.id), undefined);
      assert.deepEqual(errors, []);
    });

    it('is dropped when the stream breaks before its last part: the old state stays and the resume point too', async () => {
      const s = await attachedWithBob();
      s.call.write({
        snapshot: aSnapshot({ sequence: 9, part: 0, more: true, users: [carol], grants: [grantOf(carol)] }),
      });
      s.call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'the server went away' }); // after the part, in order
      const second = await server.nextStream(1);
      const reg = await server.waitFor((m) => m.msg === 'register', second);
      assert.equal(Number(reg.register?.resumeFrom), 7);
      assert.ok(state.identityOf(bob.id));
      assert.equal(state.identityOf(carol.id), undefined);
      // The new stream starts afresh: its snapshot's part 0 is not taken for a part out of order.
      second.call.write({ snapshot: aSnapshot({ sequence: 11, users: [dave], grants: [grantOf(dave)] }) });
      await server.waitFor((m) => m.msg === 'ack' && Number(m.ack?.sequence) === 11, second);
      assert.ok(state.identityOf(dave.id));
      assert.deepEqual(errors, []);
    });

    for (const [name, outOfOrder] of [
      [
        'a part skipped',
        { snapshot: aSnapshot({ sequence: 9, part: 2, more: false, users: [carol], grants: [grantOf(carol)] }) },
      ],
      [
        'a part of another sequence',
        { snapshot: aSnapshot({ sequence: 10, part: 1, more: false, users: [carol], grants: [grantOf(carol)] }) },
      ],
      ['a change before the last part', { change: { sequence: 10, userUpserted: carol } }],
    ] as const) {
      it(`is refused with a clear log line, and the connector reconnects, on ${name}`, async () => {
        const s = await attachedWithBob();
        s.call.write({
          snapshot: aSnapshot({ sequence: 9, part: 0, more: true, users: [dave], grants: [grantOf(dave)] }),
        });
        s.call.write(outOfOrder);
        const reg = await server.waitFor((m) => m.msg === 'register', await server.nextStream(1));
        assert.equal(Number(reg.register?.resumeFrom), 7);
        assert.equal(errors.length, 1, errors.join('\n'));
        assert.match(
          errors[0]!,
          /snapshot out of order.*(part \d of sequence \d+ arrived out of order|change 10 arrived before the last part)/,
        );
        assert.ok(state.identityOf(bob.id));
        assert.equal(state.identityOf(dave.id), undefined);
        assert.equal(state.identityOf(carol.id), undefined);
      });
    }
  });
});
