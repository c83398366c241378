// The gRPC admin API (proto/infra/admin/v1/admin.proto), served beside REST. Every method goes through
// the same chain as a REST route: authenticate the `authorization` metadata, check the declared
// requirement, validate, call one service method, map errors once (grpc-errors.ts).
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  Server,
  ServerCredentials,
  loadPackageDefinition,
  status,
  type GrpcObject,
  type ServiceClientConstructor,
  type ServerUnaryCall,
  type sendUnaryData,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { loaderOptions } from '@infra/proto';
import type { INestApplicationContext } from '@nestjs/common';
import type { Actor, Caller } from '../common/actor.js';
import { UnauthenticatedError, ForbiddenError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { auditGrpc } from '../modules/audit/audit.grpc.js';
import { mustChangePasswordError, satisfies } from '../modules/auth/access.guard.js';
import { connectorKeyError } from '../modules/auth/auth.service.js';
import { authGrpc } from '../modules/auth/auth.grpc.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { destinationsGrpc } from '../modules/destinations/destinations.grpc.js';
import { grantsGrpc } from '../modules/grants/grants.grpc.js';
import { groupsGrpc } from '../modules/groups/groups.grpc.js';
import { keysGrpc } from '../modules/keys/keys.grpc.js';
import { providersGrpc } from '../modules/providers/providers.grpc.js';
import { tokensGrpc } from '../modules/tokens/tokens.grpc.js';
import { usersGrpc } from '../modules/users/users.grpc.js';
import { requestsGrpc } from '../modules/requests/requests.grpc.js';
import { toGrpcError } from './grpc-errors.js';
import { IdentityProvider } from '../common/tls.js';
import type { GrpcServiceImpl, RpcMethod } from './rpc.js';

export const ADMIN_PROTO = fileURLToPath(new URL('../../../../proto/infra/admin/v1/admin.proto', import.meta.url));

export const ADMIN_SERVICES = [
  authGrpc,
  usersGrpc,
  keysGrpc,
  groupsGrpc,
  grantsGrpc,
  destinationsGrpc,
  tokensGrpc,
  auditGrpc,
  providersGrpc,
  requestsGrpc,
];

export function loadAdminPackage(): GrpcObject {
  // libs/proto's options, which its generated types assume: unset plain fields arrive as their zero value and
  // proto3 `optional` ones carry their presence (rpc.ts reads both through presentFields).
  const definition = loadSync(ADMIN_PROTO, loaderOptions);
  return (loadPackageDefinition(definition).infra as GrpcObject).admin as GrpcObject;
}

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Adds more services to the same gRPC server (e.g. the connector stream). */
export type GrpcRegistration = (server: Server, app: INestApplicationContext) => void;

export interface AdminGrpcServer {
  address: string;
  /** The port bound (the OS's choice when asked for 0). */
  port: number;
  stop(): Promise<void>;
}

export async function startAdminGrpc(
  app: INestApplicationContext,
  host: string,
  port: number,
  logger: Logger,
  tls?: { cert: string; key: string } | IdentityProvider,
  extra: GrpcRegistration[] = [],
): Promise<AdminGrpcServer> {
  const auth = app.get(AuthService);
  const pkg = loadAdminPackage().v1 as GrpcObject;
  const server = new Server();

  const actorFor = async (call: ServerUnaryCall<object, object>, method: RpcMethod): Promise<Actor> => {
    const given = call.metadata.get('x-request-id')[0];
    const requestId = typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
    const peer = call
      .getPeer()
      .replace(/^ipv[46]:/, '')
      .replace(/:\d+$/, '')
      .replace(/^\[|\]$/g, '');
    const actor: Actor = { caller: undefined, clientIp: peer || null, requestId };
    if (method.requires === 'public') return actor;
    const header = call.metadata.get('authorization')[0];
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthenticatedError('an access key is required: authorization: Bearer <key>');
    const caller: Caller = await auth.authenticate(match[1]!);
    if (caller.credentialKind === 'connector') throw connectorKeyError();
    if (caller.mustChangePassword && !method.beforePasswordChange) throw mustChangePasswordError(caller);
    if (!satisfies(caller, method.requires)) {
      throw new ForbiddenError(method.requires === 'user' ? undefined : `this needs the infra ${method.requires} role`);
    }
    return { ...actor, caller };
  };

  const implement = (impl: GrpcServiceImpl): UntypedServiceImplementation => {
    const handlers: UntypedServiceImplementation = {};
    for (const [name, method] of Object.entries(impl.methods)) {
      handlers[name] = (call: ServerUnaryCall<object, object>, callback: sendUnaryData<object>) => {
        actorFor(call, method)
          .then((actor) => method.handle(actor, call.request))
          .then(
            (result) => callback(null, result),
            (err: unknown) => {
              const mapped = toGrpcError(err);
              if (mapped) return callback(mapped);
              logger.error({ err, context: 'AdminGrpc', method: name }, 'admin call failed');
              callback({ code: status.INTERNAL, details: 'internal error' });
            },
          );
      };
    }
    return handlers;
  };

  for (const factory of ADMIN_SERVICES) {
    const impl = factory(app);
    const ctor = pkg[impl.service] as ServiceClientConstructor;
    server.addService(ctor.service, implement(impl));
  }
  for (const register of extra) register(server, app);
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `${host}:${port}`,
      tls instanceof IdentityProvider
        ? tls.credentials()
        : tls
          ? ServerCredentials.createSsl(
              null,
              [{ cert_chain: Buffer.from(tls.cert), private_key: Buffer.from(tls.key) }],
              false,
            )
          : ServerCredentials.createInsecure(),
      (err, p) => (err ? reject(err) : resolve(p)),
    ),
  );
  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    address: `${shownHost}:${bound}`,
    port: bound,
    stop: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.forceShutdown(), 2000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
