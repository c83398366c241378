// Where a user's groups come from, per provider kind (README.md, "Groups"): the directory API when one is configured,
// else the ID token's `groups` claim. Undefined means the provider says nothing about groups, so a sync leaves the
// user's memberships alone; a DirectoryError means it should have and could not (the last known groups stay).
import { Inject, Injectable } from '@nestjs/common';
import { SERVER_CONFIG, type ServerConfig } from '../../../config/config.js';
import type { ProviderKind } from '../provider.entity.js';
import { azureGroups, hasGroupOverage, type AzureEndpoints } from './azure.js';
import { googleGroups } from './google.js';
import { DirectoryError } from './http.js';
import { oktaGroups } from './okta.js';
import type { DirectorySettings } from './settings.js';

export interface GroupLookup {
  kind: ProviderKind;
  /** The issuer URL (Okta's API lives on its origin). */
  url: string;
  clientId: string;
  clientSecret: string;
  directory: DirectorySettings | null;
  /** The ID token's claims, when the lookup follows a login or refresh that gave one. */
  claims: Record<string, unknown> | undefined;
  user: { subject: string; directoryId: string | null; email: string };
}

/** The `groups` claim, if it is a list of strings. */
function groupsClaim(claims: Record<string, unknown> | undefined): string[] | undefined {
  const g = claims?.groups;
  return Array.isArray(g) && g.every((x) => typeof x === 'string') ? g : undefined;
}

@Injectable()
export class DirectoryClient {
  private readonly endpoints: AzureEndpoints & { google: string };

  /** The Google and Microsoft hosts come from the configuration (national clouds; specs use local servers). */
  constructor(@Inject(SERVER_CONFIG) config: ServerConfig) {
    this.endpoints = { google: config.googleApiUrl, graph: config.graphUrl, login: config.azureLoginUrl };
  }

  async groupsOf(l: GroupLookup): Promise<string[] | undefined> {
    const d = l.directory;
    if (d?.kind === 'okta') return oktaGroups(new URL(l.url).origin, d.apiToken, l.user.subject);
    if (d?.kind === 'google') return googleGroups(this.endpoints.google, d, l.user.email);
    if (d?.kind === 'azure') {
      if (!l.user.directoryId)
        throw new DirectoryError('the ID token has no `oid` claim to look the user up in Microsoft Graph');
      return azureGroups(this.endpoints, d.tenantID, l, l.user.directoryId);
    }
    if (l.claims && hasGroupOverage(l.claims)) {
      throw new DirectoryError(
        'the ID token has too many groups to list (overage): give the provider Microsoft Graph access (--azure-tenant)',
      );
    }
    return groupsClaim(l.claims);
  }
}
