// Okta: GET /api/v1/users/{id}/groups with the API token (`Authorization: SSWS <token>`). Pages are linked with
// `Link: <url>; rel="next"`; a 429 says when the limit resets in X-Rate-Limit-Reset (UTC epoch seconds).
import { callJson, DirectoryError, MAX_PAGES, sameOrigin, type ThrottleWait } from './http.js';

const rateLimitReset: ThrottleWait = (res, nowMs) => {
  const reset = Number(res.headers.get('x-rate-limit-reset'));
  return Number.isFinite(reset) && reset > 0 ? reset * 1000 - nowMs : undefined;
};

/** The URL of the `rel="next"` entry of a Link header. */
export function nextLink(link: string | null): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return undefined;
}

/** Group names (profile.name) of the Okta user `userId` (the ID token's `sub`) in the org at `orgUrl`. */
export async function oktaGroups(orgUrl: string, apiToken: string, userId: string): Promise<string[]> {
  const call = { api: 'Okta', headers: { authorization: `SSWS ${apiToken}` }, throttleWait: rateLimitReset };
  const names: string[] = [];
  let url: string | undefined = `${orgUrl}/api/v1/users/${encodeURIComponent(userId)}/groups?limit=200`;
  for (let page = 0; url; page++) {
    if (page === MAX_PAGES) throw new DirectoryError(`Okta sent more than ${MAX_PAGES} pages of groups`);
    const { body, headers } = await callJson(url, call);
    if (!Array.isArray(body)) throw new DirectoryError('Okta answered something other than a list of groups');
    for (const g of body as { profile?: { name?: unknown } }[])
      if (typeof g.profile?.name === 'string') names.push(g.profile.name);
    const next = nextLink(headers.get('link'));
    url = next === undefined ? undefined : sameOrigin(next, orgUrl, 'Okta');
  }
  return names;
}
