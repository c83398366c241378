// Original file: infra/admin/v1/admin.proto

import type { Destination as _infra_admin_v1_Destination, Destination__Output as _infra_admin_v1_Destination__Output } from '../../../infra/admin/v1/Destination.js';
import type { ConnectorCredentials as _infra_admin_v1_ConnectorCredentials, ConnectorCredentials__Output as _infra_admin_v1_ConnectorCredentials__Output } from '../../../infra/admin/v1/ConnectorCredentials.js';

export interface CreateDestinationResponse {
  'destination'?: (_infra_admin_v1_Destination | null);
  'connector'?: (_infra_admin_v1_ConnectorCredentials | null);
}

export interface CreateDestinationResponse__Output {
  'destination': (_infra_admin_v1_Destination__Output | null);
  'connector': (_infra_admin_v1_ConnectorCredentials__Output | null);
}
