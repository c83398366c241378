// Kind-specific settings for reading a user's groups from the provider's directory API. They hold credentials, so the
// object is stored sealed with the root key (providers.directory_encrypted) and never answered.
import { BadRequestError } from '../../../common/errors.js';
import { EMAIL } from '../../../common/names.js';

export interface OktaDirectory {
  kind: 'okta';
  apiToken: string;
}
export interface GoogleDirectory {
  kind: 'google';
  serviceAccountKey: string;
  adminEmail: string;
}
/** Graph is called with the provider's own client ID and secret (client credentials) in this tenant. */
export interface AzureDirectory {
  kind: 'azure';
  tenantID: string;
}
export type DirectorySettings = OktaDirectory | GoogleDirectory | AzureDirectory;

/** The fields of a Google service-account key file that the JWT bearer grant needs. */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri: string;
}

export function parseServiceAccountKey(json: string): ServiceAccountKey {
  let key: Partial<ServiceAccountKey> & { type?: string };
  try {
    key = JSON.parse(json) as typeof key;
  } catch {
    throw BadRequestError.field('googleServiceAccountKey', 'must be the JSON key file of a service account');
  }
  if (
    typeof key !== 'object' ||
    key === null ||
    typeof key.client_email !== 'string' ||
    typeof key.private_key !== 'string' ||
    !key.private_key.includes('PRIVATE KEY')
  ) {
    throw BadRequestError.field(
      'googleServiceAccountKey',
      'must be a service account key (client_email and private_key)',
    );
  }
  const tokenUri = key.token_uri ?? 'https://oauth2.googleapis.com/token';
  const u = URL.canParse(tokenUri) ? new URL(tokenUri) : undefined;
  if (!u || !(u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(u.hostname)))) {
    throw BadRequestError.field('googleServiceAccountKey', 'token_uri must be an https URL');
  }
  return {
    client_email: key.client_email,
    private_key: key.private_key,
    private_key_id: key.private_key_id,
    token_uri: tokenUri,
  };
}

export function checkGoogleDirectory(d: GoogleDirectory): void {
  parseServiceAccountKey(d.serviceAccountKey);
  if (!EMAIL.test(d.adminEmail))
    throw BadRequestError.field('googleAdminEmail', 'must be the e-mail address of a Google Workspace admin');
}
