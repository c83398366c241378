// What each provider kind needs beyond OIDC: where its issuer is when not given, and which directory settings it takes.
import { BadRequestError } from '../../common/errors.js';
import type { DirectoryFieldsDto } from './dto/provider.dto.js';
import type { ProviderKind } from './provider.entity.js';
import { checkGoogleDirectory, type DirectorySettings } from './directory/settings.js';

export const GOOGLE_ISSUER = 'https://accounts.google.com';

/** The issuer URL as given, or derived for the kinds whose issuer is fixed (google) or follows from the tenant (azure). */
export function issuerOf(
  kind: ProviderKind,
  url: string | undefined,
  tenantID: string | undefined,
  azureLoginUrl: string,
): string {
  if (url !== undefined) return url;
  if (kind === 'google') return GOOGLE_ISSUER;
  if (kind === 'azure' && tenantID) return `${azureLoginUrl}/${tenantID}/v2.0`;
  throw BadRequestError.field('url', kind === 'azure' ? 'is required without azureTenantID' : 'is required');
}

const FIELDS_OF: Record<Exclude<ProviderKind, 'oidc'>, (keyof DirectoryFieldsDto)[]> = {
  okta: ['oktaAPIToken'],
  google: ['googleServiceAccountKey', 'googleAdminEmail'],
  azure: ['azureTenantID'],
};

/**
 * The directory settings the request gives, merged over the current ones; undefined when it gives none. Settings of
 * another kind are a 400 (an Okta token on an Azure provider is a mistake, not something to keep quietly).
 */
export function directoryOf(
  kind: ProviderKind,
  dto: DirectoryFieldsDto,
  current: DirectorySettings | null,
): DirectorySettings | undefined {
  const given = (Object.keys(FIELDS_OF) as (keyof typeof FIELDS_OF)[])
    .flatMap((k) => FIELDS_OF[k].map((f) => [k, f] as const))
    .filter(([, f]) => dto[f] !== undefined);
  const wrong = given.find(([k]) => k !== kind);
  if (wrong) throw BadRequestError.field(wrong[1], `is only for ${wrong[0]} providers`);
  if (given.length === 0) return undefined;
  if (kind === 'okta') return { kind, apiToken: dto.oktaAPIToken! };
  if (kind === 'azure') return { kind, tenantID: dto.azureTenantID! };
  const before = current?.kind === 'google' ? current : undefined;
  const google = {
    kind: 'google' as const,
    serviceAccountKey: dto.googleServiceAccountKey ?? before?.serviceAccountKey,
    adminEmail: dto.googleAdminEmail ?? before?.adminEmail,
  };
  if (!google.serviceAccountKey)
    throw BadRequestError.field('googleServiceAccountKey', 'is required with googleAdminEmail');
  if (!google.adminEmail) throw BadRequestError.field('googleAdminEmail', 'is required with googleServiceAccountKey');
  const settings = google as DirectorySettings & { kind: 'google' };
  checkGoogleDirectory(settings);
  return settings;
}
