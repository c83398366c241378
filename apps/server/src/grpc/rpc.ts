// Declaring one gRPC method: what it requires of the caller (same levels as REST), the DTO its request is
// validated against (the same classes REST uses), and the one service call it makes.
import type { ServiceDefinition } from '@grpc/grpc-js';
import type { Type } from '@nestjs/common';
import type { AdminProto } from '@infra/proto';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Actor } from '../common/actor.js';
import { BadRequestError } from '../common/errors.js';
import { UUID } from '../common/names.js';
import { fieldErrors, findNul } from '../common/validation.pipe.js';
import type { Requirement } from '../modules/auth/access.decorator.js';
import type { Throttle, ThrottleScope } from '../common/throttle.js';

export type ProtoRequest = Record<string, unknown>;

export interface RpcMethod {
  requires: Requirement;
  /** Open to a session that must change its one-time password first. */
  beforePasswordChange?: boolean;
  handle(actor: Actor, request: ProtoRequest): Promise<unknown>;
}

type AdminV1 = AdminProto['infra']['admin']['v1'];
/** The services of proto/infra/admin/v1/admin.proto, by the generated types (messages left out). */
type AdminServiceName = {
  [K in keyof AdminV1]: AdminV1[K] extends { service: ServiceDefinition } ? K : never;
}[keyof AdminV1];
/** A generated service definition's method names, without the index signature it inherits from ServiceDefinition. */
type MethodNames<S extends AdminServiceName> = keyof {
  [M in keyof AdminV1[S]['service'] as string extends M ? never : M]: unknown;
};

/**
 * One admin service: its name and a method for each rpc the proto declares, no more and no fewer, so that adding,
 * renaming or dropping an rpc in admin.proto (then `bash libs/proto/generate.sh`) fails compilation here.
 */
export type GrpcServiceImpl = {
  [S in AdminServiceName]: { service: S; methods: Record<MethodNames<S>, RpcMethod> };
}[AdminServiceName];

/** REST spells ids `userID` (and `clientIP`, `redirectURI`); proto's camelCase gives `userId`. Keys are renamed at the edge. */
function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, rename));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), renameKeys(v, rename)]));
  }
  return value;
}

export const toProtoKeys = (value: unknown) =>
  renameKeys(value, (k) => k.replace(/ID$/, 'Id').replace(/IP$/, 'Ip').replace(/URI$/, 'Uri'));
export const fromProtoKeys = (value: unknown) =>
  renameKeys(value, (k) => k.replace(/Id$/, 'ID').replace(/Ip$/, 'IP').replace(/Uri$/, 'URI'));

async function validated<D extends object>(cls: Type<D>, plain: ProtoRequest): Promise<D> {
  const nul = findNul(plain, '');
  if (nul) throw BadRequestError.field(nul, 'must not contain NUL characters');
  const dto = plainToInstance(cls, plain);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length) {
    const fields = fieldErrors(errors);
    throw new BadRequestError(fields[0] ? `${fields[0].field} ${fields[0].errors[0]}` : 'invalid request', fields);
  }
  return dto;
}

/** A method whose whole request is validated as `dto` (or must be empty when dto is null). */
export function rpc<D extends object>(
  requires: Requirement,
  dto: Type<D> | null,
  call: (actor: Actor, dto: D) => Promise<unknown>,
): RpcMethod {
  return {
    requires,
    async handle(actor, request) {
      const plain = fromProtoKeys(request) as ProtoRequest;
      return call(actor, dto ? await validated(dto, plain) : ({} as D));
    },
  };
}

/** A method on one object: `id` must be a UUID; the rest of the request is validated as `dto`. */
export function rpcWithId<D extends object>(
  requires: Requirement,
  dto: Type<D> | null,
  call: (actor: Actor, id: string, dto: D) => Promise<unknown>,
): RpcMethod {
  return {
    requires,
    async handle(actor, request) {
      const { id, ...rest } = fromProtoKeys(request) as ProtoRequest;
      if (typeof id !== 'string' || !UUID.test(id)) throw BadRequestError.field('id', 'must be a UUID');
      return call(actor, id, dto ? await validated(dto, rest) : ({} as D));
    },
  };
}

export const EMPTY = async () => ({});

export function beforePasswordChange(method: RpcMethod): RpcMethod {
  return { ...method, beforePasswordChange: true };
}

/** The gRPC twin of @Throttled: counts the call against the caller's address and name (login: the name tried). */
export function throttled(throttle: Throttle, scope: ThrottleScope, method: RpcMethod): RpcMethod {
  return {
    ...method,
    handle(actor, request) {
      throttle.take(scope, actor, scope === 'login' ? request.name : undefined);
      return method.handle(actor, request);
    },
  };
}
