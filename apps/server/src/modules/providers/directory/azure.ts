// Microsoft Entra ID (Azure AD): Microsoft Graph's /users/{oid}/transitiveMemberOf/microsoft.graph.group (nested
// groups too), with an app token from the client credentials grant (the provider's client ID and secret; the app needs
// the GroupMember.Read.All application permission). Pages follow @odata.nextLink; a 429 says Retry-After (seconds).
import { callJson, DirectoryError, MAX_PAGES, retryAfter, sameOrigin } from './http.js';

export interface AzureEndpoints {
  /** https://login.microsoftonline.com */
  login: string;
  /** https://graph.microsoft.com */
  graph: string;
}

async function appToken(e: AzureEndpoints, tenantID: string, clientId: string, clientSecret: string): Promise<string> {
  const { body } = await callJson(`${e.login}/${encodeURIComponent(tenantID)}/oauth2/v2.0/token`, {
    api: 'Microsoft Entra ID',
    headers: {},
    throttleWait: retryAfter,
    method: 'POST',
    form: {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: `${e.graph}/.default`,
    },
  });
  const token = (body as { access_token?: unknown }).access_token;
  if (typeof token !== 'string') throw new DirectoryError('Microsoft Entra ID answered without an access token');
  return token;
}

/** Group display names of the user whose object id is `oid`. */
export async function azureGroups(
  e: AzureEndpoints,
  tenantID: string,
  client: { clientId: string; clientSecret: string },
  oid: string,
): Promise<string[]> {
  const token = await appToken(e, tenantID, client.clientId, client.clientSecret);
  const call = { api: 'Microsoft Graph', headers: { authorization: `Bearer ${token}` }, throttleWait: retryAfter };
  const names: string[] = [];
  let url: string | undefined =
    `${e.graph}/v1.0/users/${encodeURIComponent(oid)}/transitiveMemberOf/microsoft.graph.group?$select=id,displayName&$top=999`;
  for (let page = 0; url; page++) {
    if (page === MAX_PAGES) throw new DirectoryError(`Microsoft Graph sent more than ${MAX_PAGES} pages of groups`);
    const { body } = await callJson(url, call);
    const b = body as { value?: { displayName?: unknown }[]; '@odata.nextLink'?: unknown };
    if (!Array.isArray(b.value)) throw new DirectoryError('Microsoft Graph answered without a `value` list');
    for (const g of b.value) if (typeof g.displayName === 'string') names.push(g.displayName);
    const next = b['@odata.nextLink'];
    url = typeof next === 'string' ? sameOrigin(next, e.graph, 'Microsoft Graph') : undefined;
  }
  return names;
}

/**
 * Whether the ID token left the groups out because there were too many ("group overage"): it then names a claim
 * source instead, `_claim_names: { groups: "src1" }`.
 */
export function hasGroupOverage(claims: Record<string, unknown>): boolean {
  const names = claims._claim_names;
  return !!names && typeof names === 'object' && 'groups' in names;
}
