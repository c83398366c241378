// Declaring one gRPC method: what it requires of the caller (same levels as REST), the DTO its request is
// validated against (the same classes REST uses), and the one service call it makes.
import type { ServiceDefinition } from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
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
import { fromProtoKeys, presentFields, toProtoKeys, type Extra, type Missing, type ProtoShape } from './proto-shape.js';

/** One admin method. `Accepts` and `Returns` (types only) are its DTO's fields and its result in proto spelling. */
export interface RpcMethod<Accepts = unknown, Returns = unknown> {
  requires: Requirement;
  /** Open to a session that must change its one-time password first. */
  beforePasswordChange?: boolean;
  /** `request` as decoded with libs/proto's loader options; the answer already in proto spelling. */
  handle(actor: Actor, request: object): Promise<object>;
  readonly types?: { accepts: Accepts; returns: Returns };
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
type Definition<S extends AdminServiceName, M> = AdminV1[S]['service'][M & keyof AdminV1[S]['service']];
/** The request as the server decodes it (`…__Output`), and the response it may send (the input type). */
type RequestOf<S extends AdminServiceName, M> =
  Definition<S, M> extends MethodDefinition<infer _Req, infer _Res, infer R, infer _ResOut> ? R : never;
type ResponseOf<S extends AdminServiceName, M> =
  Definition<S, M> extends MethodDefinition<infer _Req, infer R, infer _ReqOut, infer _ResOut> ? R : never;
type ResponseFieldsOf<S extends AdminServiceName, M> =
  Definition<S, M> extends MethodDefinition<infer _Req, infer _Res, infer _ReqOut, infer R> ? R : never;

/** Why a method does not fit its rpc (a field one side has and the other lacks); never when it fits. */
type Gap<S extends AdminServiceName, M, T> =
  T extends RpcMethod<infer Accepts, infer Returns>
    ? | `request field ${Missing<RequestOf<S, M>, Accepts>} is not accepted`
      | `response field ${Missing<ResponseFieldsOf<S, M>, Returns, 'required'>} is not returned`
      | `result field ${Extra<ResponseFieldsOf<S, M>, Returns>} is not in the response message`
      | (Returns extends ResponseOf<S, M> ? never : 'the result does not fit the response message')
    : never;
type Checked<S extends AdminServiceName, Methods> = {
  [M in keyof Methods]: M extends MethodNames<S>
    ? [Gap<S, M, Methods[M]>] extends [never]
      ? Methods[M]
      : { mismatch: Gap<S, M, Methods[M]> }
    : never;
};

/** One admin service as the server registers it. */
export interface GrpcServiceImpl {
  service: AdminServiceName;
  methods: Record<string, RpcMethod>;
}

/**
 * One admin service: a method for each rpc the proto declares, no more and no fewer, each accepting every field of
 * its request message, returning every field its response always carries and no key the response lacks (by the
 * types libs/proto generates), so that adding, renaming or dropping an rpc or a field in admin.proto (then
 * `bash libs/proto/generate.sh`) fails compilation of the handler.
 */
export function adminService<S extends AdminServiceName, const Methods extends Record<MethodNames<S>, RpcMethod>>(
  service: S,
  methods: Methods & Checked<S, Methods>,
): GrpcServiceImpl {
  return { service, methods };
}

async function validated<D extends object>(cls: Type<D>, plain: Record<string, unknown>): Promise<D> {
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
export function rpc<D extends object, R extends object>(
  requires: Requirement,
  dto: Type<D> | null,
  call: (actor: Actor, dto: D) => Promise<R>,
): RpcMethod<ProtoShape<D>, ProtoShape<R>> {
  return {
    requires,
    async handle(actor, request) {
      const plain = fromProtoKeys(presentFields(request));
      return toProtoKeys(await call(actor, dto ? await validated(dto, plain) : ({} as D)));
    },
  };
}

/** A method on one object: `id` must be a UUID; the rest of the request is validated as `dto`. */
export function rpcWithId<D extends object, R extends object>(
  requires: Requirement,
  dto: Type<D> | null,
  call: (actor: Actor, id: string, dto: D) => Promise<R>,
): RpcMethod<ProtoShape<D> & { id: string }, ProtoShape<R>> {
  return {
    requires,
    async handle(actor, request) {
      const { id, ...rest } = fromProtoKeys(presentFields(request));
      if (typeof id !== 'string' || !UUID.test(id)) throw BadRequestError.field('id', 'must be a UUID');
      return toProtoKeys(await call(actor, id, dto ? await validated(dto, rest) : ({} as D)));
    },
  };
}

export const EMPTY = async () => ({});

export function beforePasswordChange<M extends RpcMethod>(method: M): M {
  return { ...method, beforePasswordChange: true };
}

/** The gRPC twin of @Throttled: counts the call against the caller's address and name (login: the name tried). */
export function throttled<M extends RpcMethod>(throttle: Throttle, scope: ThrottleScope, method: M): M {
  return {
    ...method,
    handle(actor: Actor, request: object) {
      throttle.take(scope, actor, scope === 'login' ? (request as { name?: unknown }).name : undefined);
      return method.handle(actor, request);
    },
  };
}
