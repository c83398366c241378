// Original file: infra/admin/v1/admin.proto

import type { Provider as _infra_admin_v1_Provider, Provider__Output as _infra_admin_v1_Provider__Output } from '../../../infra/admin/v1/Provider.js';

export interface ListProvidersResponse {
  'items'?: (_infra_admin_v1_Provider)[];
  'next'?: (string);
  '_next'?: "next";
}

export interface ListProvidersResponse__Output {
  'items': (_infra_admin_v1_Provider__Output)[];
  'next'?: (string);
  '_next'?: "next";
}
