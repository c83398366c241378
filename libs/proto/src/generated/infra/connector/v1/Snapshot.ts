// Original file: infra/connector/v1/connector.proto

import type { Grant as _infra_connector_v1_Grant, Grant__Output as _infra_connector_v1_Grant__Output } from '../../../infra/connector/v1/Grant.js';
import type { User as _infra_connector_v1_User, User__Output as _infra_connector_v1_User__Output } from '../../../infra/connector/v1/User.js';
import type { Group as _infra_connector_v1_Group, Group__Output as _infra_connector_v1_Group__Output } from '../../../infra/connector/v1/Group.js';
import type { SigningKey as _infra_connector_v1_SigningKey, SigningKey__Output as _infra_connector_v1_SigningKey__Output } from '../../../infra/connector/v1/SigningKey.js';
import type { Revocation as _infra_connector_v1_Revocation, Revocation__Output as _infra_connector_v1_Revocation__Output } from '../../../infra/connector/v1/Revocation.js';
import type { Long } from '@grpc/proto-loader';

export interface Snapshot {
  'sequence'?: (number | string | Long);
  'grants'?: (_infra_connector_v1_Grant)[];
  'users'?: (_infra_connector_v1_User)[];
  'groups'?: (_infra_connector_v1_Group)[];
  'signingKeys'?: (_infra_connector_v1_SigningKey)[];
  'revocations'?: (_infra_connector_v1_Revocation)[];
  'part'?: (number);
  'more'?: (boolean);
}

export interface Snapshot__Output {
  'sequence': (number);
  'grants': (_infra_connector_v1_Grant__Output)[];
  'users': (_infra_connector_v1_User__Output)[];
  'groups': (_infra_connector_v1_Group__Output)[];
  'signingKeys': (_infra_connector_v1_SigningKey__Output)[];
  'revocations': (_infra_connector_v1_Revocation__Output)[];
  'part': (number);
  'more': (boolean);
}
