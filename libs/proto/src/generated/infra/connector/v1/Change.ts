// Original file: infra/connector/v1/connector.proto

import type { Grant as _infra_connector_v1_Grant, Grant__Output as _infra_connector_v1_Grant__Output } from '../../../infra/connector/v1/Grant.js';
import type { User as _infra_connector_v1_User, User__Output as _infra_connector_v1_User__Output } from '../../../infra/connector/v1/User.js';
import type { Group as _infra_connector_v1_Group, Group__Output as _infra_connector_v1_Group__Output } from '../../../infra/connector/v1/Group.js';
import type { SigningKey as _infra_connector_v1_SigningKey, SigningKey__Output as _infra_connector_v1_SigningKey__Output } from '../../../infra/connector/v1/SigningKey.js';
import type { Revocation as _infra_connector_v1_Revocation, Revocation__Output as _infra_connector_v1_Revocation__Output } from '../../../infra/connector/v1/Revocation.js';
import type { Long } from '@grpc/proto-loader';

export interface Change {
  'sequence'?: (number | string | Long);
  'grantUpserted'?: (_infra_connector_v1_Grant | null);
  'grantRemoved'?: (string);
  'userUpserted'?: (_infra_connector_v1_User | null);
  'userRemoved'?: (string);
  'groupUpserted'?: (_infra_connector_v1_Group | null);
  'groupRemoved'?: (string);
  'signingKeyAdded'?: (_infra_connector_v1_SigningKey | null);
  'signingKeyRemoved'?: (string);
  'revocation'?: (_infra_connector_v1_Revocation | null);
  'change'?: "grantUpserted"|"grantRemoved"|"userUpserted"|"userRemoved"|"groupUpserted"|"groupRemoved"|"signingKeyAdded"|"signingKeyRemoved"|"revocation";
}

export interface Change__Output {
  'sequence': (number);
  'grantUpserted'?: (_infra_connector_v1_Grant__Output | null);
  'grantRemoved'?: (string);
  'userUpserted'?: (_infra_connector_v1_User__Output | null);
  'userRemoved'?: (string);
  'groupUpserted'?: (_infra_connector_v1_Group__Output | null);
  'groupRemoved'?: (string);
  'signingKeyAdded'?: (_infra_connector_v1_SigningKey__Output | null);
  'signingKeyRemoved'?: (string);
  'revocation'?: (_infra_connector_v1_Revocation__Output | null);
  'change'?: "grantUpserted"|"grantRemoved"|"userUpserted"|"userRemoved"|"groupUpserted"|"groupRemoved"|"signingKeyAdded"|"signingKeyRemoved"|"revocation";
}
