// Google Workspace: the Directory API's groups.list?userKey=<email>, called as a Workspace admin through a service
// account with domain-wide delegation. The access token comes from the JWT bearer grant (RFC 7523): a JWT signed with
// the service account's key, `sub` the admin. Pages follow nextPageToken.
import { importPKCS8, SignJWT } from 'jose';
import { callJson, DirectoryError, MAX_PAGES, retryAfter } from './http.js';
import { parseServiceAccountKey, type GoogleDirectory } from './settings.js';

export const GROUP_READONLY_SCOPE = 'https://www.googleapis.com/auth/admin.directory.group.readonly';

async function accessToken(d: GoogleDirectory): Promise<string> {
  const key = parseServiceAccountKey(d.serviceAccountKey);
  let signingKey;
  try {
    signingKey = await importPKCS8(key.private_key, 'RS256');
  } catch {
    throw new DirectoryError('the Google service account key cannot be read: upload its JSON key file again');
  }
  const assertion = await new SignJWT({ scope: GROUP_READONLY_SCOPE })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(key.private_key_id ? { kid: key.private_key_id } : {}) })
    .setIssuer(key.client_email)
    .setSubject(d.adminEmail)
    .setAudience(key.token_uri)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(signingKey);
  const { body } = await callJson(key.token_uri, {
    api: 'Google OAuth',
    headers: {},
    throttleWait: retryAfter,
    method: 'POST',
    form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
  });
  const token = (body as { access_token?: unknown }).access_token;
  if (typeof token !== 'string') throw new DirectoryError('Google OAuth answered without an access token');
  return token;
}

/** Group e-mail addresses of the user `email` (Workspace group names need not be unique; addresses are). */
export async function googleGroups(apiUrl: string, d: GoogleDirectory, email: string): Promise<string[]> {
  const call = {
    api: 'Google Directory API',
    headers: { authorization: `Bearer ${await accessToken(d)}` },
    throttleWait: retryAfter,
  };
  const names: string[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page === 0 || pageToken; page++) {
    if (page === MAX_PAGES)
      throw new DirectoryError(`the Google Directory API sent more than ${MAX_PAGES} pages of groups`);
    const q = new URLSearchParams({ userKey: email, maxResults: '200', ...(pageToken ? { pageToken } : {}) });
    const { body } = await callJson(`${apiUrl}/admin/directory/v1/groups?${q}`, call);
    const b = body as { groups?: { email?: unknown }[]; nextPageToken?: unknown };
    for (const g of b.groups ?? []) if (typeof g.email === 'string') names.push(g.email);
    pageToken = typeof b.nextPageToken === 'string' && b.nextPageToken ? b.nextPageToken : undefined;
  }
  return names;
}
