// How a REST shape meets a generated admin.proto message, at run time and in the types. The services speak
// REST's spelling (`userID`, `clientIP`, `redirectURI`, null for "none"); proto's camelCase gives `userId` and
// absence. One rename rule, mirrored by the `ProtoKey` type, so the compiler can hold each handler's DTO and
// result against the message types libs/proto generates (`Missing`, `Extra`; rpc.ts applies them).

/** The proto spelling of one REST key (what `toProtoKeys` does to it). */
export type ProtoKey<K extends string> = K extends `${infer P}ID`
  ? `${P}Id`
  : K extends `${infer P}IP`
    ? `${P}Ip`
    : K extends `${infer P}URI`
      ? `${P}Uri`
      : K;

/** A REST value as proto carries it: keys renamed, null read as absent. */
export type ProtoShape<T> = T extends string | number | boolean
  ? T
  : T extends Date
    ? T // not a proto type: a result holding a Date fails the check
    : T extends readonly (infer E)[]
      ? ProtoShape<E>[]
      : T extends object
        ? { [K in keyof T as K extends string ? ProtoKey<K> : never]: ProtoShape<Exclude<T[K], null>> }
        : T;

/** A generated message's fields, without the `_field` names proto-loader adds for proto3 `optional` (oneofs: true). */
type Fields<M> = Exclude<keyof M & string, `_${string}`>;

/** The fields of a generated `…__Output` message that proto3 always carries (not `optional`). */
type RequiredFields<M> = { [K in Fields<M>]-?: undefined extends M[K] ? never : K }[Fields<M>];

type Nested<V> = Exclude<V, null | undefined>;

/**
 * The proto fields (dotted paths) that `shape` lacks: every field of a request message must be accepted (with
 * libs/proto's options all arrive); `required` narrows it to the fields proto3 always carries, for responses.
 * Renaming a field in admin.proto puts its new name here, so the handler stops compiling.
 */
export type Missing<
  M,
  Shape,
  Only extends 'all' | 'required' = 'all',
  Path extends string = '',
> = M extends readonly (infer E)[]
  ? Shape extends readonly (infer F)[]
    ? Missing<E, F, Only, Path>
    : `${Path} (a list in proto)`
  : M extends object
    ? {
        [K in Fields<M>]: K extends keyof Shape
          ? Missing<Nested<M[K]>, Nested<Shape[K]>, Only, `${Path}${K}.`>
          : K extends (Only extends 'all' ? Fields<M> : RequiredFields<M>)
            ? `${Path}${K}`
            : never;
      }[Fields<M>]
    : never;

/** The keys of `shape` (dotted paths) that message `M` has no field for: what a renamed proto field leaves behind. */
export type Extra<M, Shape, Path extends string = ''> = M extends readonly (infer E)[]
  ? Shape extends readonly (infer F)[]
    ? Extra<E, F, Path>
    : never
  : M extends object
    ? Shape extends object
      ? {
          [K in keyof Shape & string]: K extends Fields<M>
            ? Extra<Nested<M[K & keyof M]>, Nested<Shape[K]>, `${Path}${K}.`>
            : `${Path}${K}`;
        }[keyof Shape & string]
      : never
    : never;

function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, rename));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), renameKeys(v, rename)]));
  }
  return value;
}

export const toProtoKeys = <T>(value: T) =>
  renameKeys(value, (k) => k.replace(/ID$/, 'Id').replace(/IP$/, 'Ip').replace(/URI$/, 'Uri')) as ProtoShape<T>;
export const fromProtoKeys = (value: object) =>
  renameKeys(value, (k) => k.replace(/Id$/, 'ID').replace(/Ip$/, 'IP').replace(/Uri$/, 'URI')) as Record<
    string,
    unknown
  >;

const isZero = (v: unknown) => v === '' || v === 0 || v === false || v === null || (Array.isArray(v) && !v.length);

/**
 * The fields a client set, from a request decoded with libs/proto's loader options (defaults and oneofs on).
 * A proto3 `optional` field is present exactly when proto-loader names it in its `_field` oneof; a plain field
 * has no presence, so its zero value ('' / 0 / false / [] / null) means "not given" and reaches validation as
 * absent, as a field left out of a REST body does. Without this an UpdateX with no password would carry ''.
 */
export function presentFields(message: object): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  const fields = message as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (key.startsWith('_')) continue;
    if (!(`_${key}` in fields) && isZero(value)) continue;
    given[key] = value && typeof value === 'object' && !Array.isArray(value) ? presentFields(value) : value;
  }
  return given;
}
