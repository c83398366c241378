// The typed REST client: paths, bodies and answers come from the server's OpenAPI document (schema.d.ts is generated
// by build.mjs). The session lives in an HttpOnly cookie that this code never sees; changes carry the CSRF token that
// the server put in the readable infra_csrf cookie.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

export function cookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

const csrf: Middleware = {
  onRequest({ request }) {
    const token = cookie('infra_csrf');
    if (token && !['GET', 'HEAD'].includes(request.method)) request.headers.set('X-CSRF-Token', token);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

/** The API's one sentence for a failed call (every error body is { code, message }). */
export function errorMessage(error: unknown, response?: Response): string {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string')
    return error.message;
  return response ? `the server answered ${response.status} ${response.statusText}` : 'the server could not be reached';
}

/** Unwraps an openapi-fetch result: the data, or an Error carrying the API's sentence. */
export function check<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) throw new Error(errorMessage(result.error, result.response));
  return result.data as T;
}
