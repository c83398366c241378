// The permission table: every REST route and gRPC method with the requirement it declares and what each kind of caller
// actually gets. Compared with the committed snapshot, so a change in who may reach an endpoint shows up
// as a diff. Regenerate with UPDATE_SNAPSHOTS=1 after an intended change.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_METADATA } from './access.decorator.js';
import type { TestServer } from '../../testing/test-server.js';
import { useTestServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';
import { createUserWithKey, grantInfraRole } from '../../testing/fixtures.js';
import { adminGrpcClient } from '../../testing/grpc-client.js';
import { ADMIN_SERVICES } from '../../grpc/admin-grpc.server.js';
import { status, type ServiceError } from '@grpc/grpc-js';

const SNAPSHOT = join(dirname(fileURLToPath(import.meta.url)), '../../../src/modules/auth/access-matrix.snapshot.md');

interface Route {
  method: string;
  path: string;
  declared: string;
}

function routesOf(server: TestServer): Route[] {
  const routes: Route[] = [];
  for (const mod of server.running().app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...a: never[]) => object) | null;
      if (!ctrl) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
      for (const name of Object.getOwnPropertyNames(ctrl.prototype)) {
        const handler = (ctrl.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler));
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]!;
        const declared =
          Reflect.getMetadata(ACCESS_METADATA, handler) ?? Reflect.getMetadata(ACCESS_METADATA, ctrl) ?? 'user';
        const path =
          '/' +
          [base, sub]
            .filter((p) => p && p !== '/')
            .join('/')
            .replace(/\/+/g, '/')
            .replace(/^\//, '');
        routes.push({ method, path, declared });
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** Valid bodies, so that ownership rules inside services show too (an invalid body stops at 400 first). */
const BODIES: Record<string, unknown> = {
  'POST /api/apply': { document: '', dryRun: true },
  'POST /api/destinations': { name: 'matrix' },
  'POST /api/device/approve': { userCode: 'BCDF-GHJK' },
  'POST /api/device/deny': { userCode: 'BCDF-GHJK' },
  'POST /api/device/token': { deviceCode: 'matrix' },
  'POST /api/grants': { user: 'plain@example.com', privilege: 'view', resource: 'matrix' },
  'POST /api/groups': { name: 'matrix' },
  'POST /api/keys': { name: 'matrix' },
  // An issuer that is not there: the request passes the guard and fails validation of the issuer (400, "ok" here).
  'POST /api/providers': { name: 'matrix', url: 'https://127.0.0.1:9', clientID: 'c', clientSecret: 's' },
  'POST /api/tokens': { destination: 'matrix' },
  'POST /api/users': { name: 'matrix-bot' },
  'PUT /api/users/:id': { password: 'a long new password' },
  'POST /api/requests': { resource: 'matrix', role: 'view', duration: '1h', reason: 'matrix' },
  'PUT /api/pagerduty': { token: 'matrix-token', scheduleIDs: ['PMATRIX'] },
};

/** Requests for gRPC methods, like BODIES above; every other method gets `{ id }` or `{}`. */
const GRPC_REQUESTS: Record<string, object> = {
  'DestinationsService.CreateDestination': { name: 'matrix-grpc' },
  'GrantsService.CreateGrant': { user: 'plain@example.com', privilege: 'view', resource: 'matrix-grpc' },
  'GroupsService.CreateGroup': { name: 'matrix-grpc' },
  'KeysService.CreateKey': { name: 'matrix-grpc' },
  'TokensService.CreateToken': { destination: 'matrix-grpc' },
  'UsersService.CreateUser': { name: 'matrix-grpc-bot' },
  'UsersService.SetPassword': { password: 'a long new password' },
  'RequestsService.CreateRequest': { resource: 'matrix-grpc', role: 'view', duration: '1h', reason: 'matrix' },
};

const GRPC_OUTCOME: Record<number, string> = { [status.UNAUTHENTICATED]: '401', [status.PERMISSION_DENIED]: '403' };

/** Auth outcome only: 401/403 are what the table is about; anything else means "got through". */
function outcome(status: number): string {
  return status === 401 || status === 403 ? String(status) : 'ok';
}

describe('the permission table', function () {
  this.timeout(180_000);
  let server: TestServer;

  useTestServer({}, async (s) => {
    server = s;
  });

  it('every route answers each kind of caller as the committed snapshot says', async () => {
    const admin = new TestClient(server.url, server.adminKey);
    const viewer = await createUserWithKey(admin, 'viewer@example.com');
    await grantInfraRole(admin, 'viewer@example.com', 'view');
    const plain = await createUserWithKey(admin, 'plain@example.com');
    // Tokens need a grant on the destination (tokens/token-grants.spec.ts): every user caller holds one, so that the
    // table shows who may reach the route. The connector key is its destination's, and opens nothing here.
    for (const destination of ['matrix', 'matrix-grpc']) {
      assert.equal((await admin.post('/api/destinations', { name: destination })).status, 201);
      for (const user of ['admin', 'viewer@example.com', 'plain@example.com']) {
        assert.equal(
          (await admin.post('/api/grants', { user, privilege: 'connect', resource: destination })).status,
          201,
        );
      }
    }
    const connector = admin.as(
      (await admin.post('/api/destinations', { name: 'matrix-connector' })).body.connector.accessKey,
    );
    const callers: [string, TestClient][] = [
      ['admin', admin],
      ['view', viewer.client],
      ['user', plain.client],
      ['connector key', connector],
      ['anonymous', admin.as(undefined)],
    ];
    const header = '| admin | view | user | connector key | anonymous |';
    const lines = [`| route | declared ${header}`, '|---|---|---|---|---|---|---|'];
    for (const route of routesOf(server)) {
      // Placeholder ids (so deletes find nothing) and the sample bodies above.
      const path = route.path.replace(/:id/g, randomUUID());
      const cells: string[] = [];
      for (const [, client] of callers) {
        const body =
          BODIES[`${route.method} ${route.path}`] ?? (['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined);
        cells.push(outcome((await client.request(route.method, path, body)).status));
      }
      lines.push(`| ${route.method} ${route.path} | ${route.declared} | ${cells.join(' | ')} |`);
    }
    const grpc = adminGrpcClient(server.grpcAddress!);
    lines.push('', `| gRPC method | declared ${header}`, '|---|---|---|---|---|---|---|');
    for (const factory of ADMIN_SERVICES) {
      const impl = factory(server.running().app);
      for (const [method, rpc] of Object.entries(impl.methods).sort(([a], [b]) => a.localeCompare(b))) {
        const name = `${impl.service}.${method}`;
        const cells: string[] = [];
        for (const [, client] of callers) {
          const request = { id: randomUUID(), ...GRPC_REQUESTS[name] };
          const code = await grpc.call(impl.service, method, request, client.key).then(
            () => -1,
            (e: ServiceError) => e.code,
          );
          cells.push(GRPC_OUTCOME[code] ?? 'ok');
        }
        lines.push(`| ${name} | ${rpc.requires} | ${cells.join(' | ')} |`);
      }
    }
    grpc.close();
    const table = lines.join('\n') + '\n';
    if (process.env.UPDATE_SNAPSHOTS || !existsSync(SNAPSHOT)) writeFileSync(SNAPSHOT, table);
    assert.equal(
      table,
      readFileSync(SNAPSHOT, 'utf8'),
      'the permission table changed; run with UPDATE_SNAPSHOTS=1 if intended',
    );
  });

  it('no route is left without a declared requirement except by the deny-by-default rule', () => {
    for (const route of routesOf(server))
      assert.ok(['public', 'user', 'view', 'admin'].includes(route.declared), route.path);
  });
});
