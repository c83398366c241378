// The fake's routes typed from the served OpenAPI document (../../generated/api.ts): a handler exists only for an
// operation the server documents, reads only the query parameters and body fields it declares, and answers only a
// documented status with that status's body. A drift in the API fails `tsc -b` here, not at run time.
import type { paths } from '../../generated/api.js';
import type { FKey, FUser } from './records.js';

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
type Operation<P extends keyof paths, M extends Method> = Exclude<paths[P][M], undefined>;

/** "METHOD /path" for every operation in the document, e.g. "DELETE /api/grants/{id}". */
export type Route = {
  [P in keyof paths]: {
    [M in Method]: [Operation<P, M>] extends [never] ? never : `${Uppercase<M>} ${P}`;
  }[Method];
}[keyof paths];

type OperationOf<R extends Route> = R extends `${infer M} ${infer P extends keyof paths}`
  ? Operation<P, Lowercase<M> & Method>
  : never;
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : undefined;
type Responses<R extends Route> = OperationOf<R>['responses'];

/** A documented status with its body (undefined where the document has none, e.g. 204). */
export type Answer<R extends Route> = { [S in keyof Responses<R>]: [S, Json<Responses<R>[S]>] }[keyof Responses<R>];

/** The documented request body; Partial because the fake checks only what its rules need. */
type BodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? Partial<B> : never;
type QueryName<O> = O extends { parameters: { query?: infer Q } } ? keyof NonNullable<Q> & string : never;
type PathParams<O> = O extends { parameters: { path: infer P } } ? { [K in keyof P]: string } : never;

export interface Request<R extends Route> {
  body: BodyOf<OperationOf<R>>;
  query(name: QueryName<OperationOf<R>>): string | null;
  params: PathParams<OperationOf<R>>;
  /** The caller; reading it on a route without a valid key answers 401. */
  me: FUser;
  key: FKey;
}

export type Handler<R extends Route> = (req: Request<R>) => Answer<R> | Promise<Answer<R>>;
export type Routes = { [R in Route]?: Handler<R> };

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
