import { ProxyAuditEntity } from '../connectors/proxy-audit.entity.js';
import { ReconcileProblemsEntity } from '../connectors/reconcile-problems.entity.js';
import { AppliedObjectEntity } from '../modules/apply/applied-object.entity.js';
import { AuditEntity } from '../modules/audit/audit.entity.js';
import { ChangeEntity } from '../modules/changes/change.entity.js';
import { DeviceLoginEntity } from '../modules/device/device-login.entity.js';
import { DestinationEntity } from '../modules/destinations/destination.entity.js';
import { GrantEntity } from '../modules/grants/grant.entity.js';
import { GroupEntity, MembershipEntity } from '../modules/groups/group.entity.js';
import { AccessKeyEntity } from '../modules/keys/access-key.entity.js';
import {
  ProviderEntity,
  ProviderGroupEntity,
  ProviderLoginEntity,
  ProviderMembershipEntity,
  ProviderSessionEntity,
} from '../modules/providers/provider.entity.js';
import { ScimTokenEntity, ScimUserEntity } from '../modules/scim/scim.entity.js';
import { SigningKeyEntity } from '../modules/tokens/signing-key.entity.js';
import { UserEntity } from '../modules/users/user.entity.js';
import {
  AccessRequestEntity,
  PagerDutySettingsEntity,
  RequestApproverEntity,
} from '../modules/requests/access-request.entity.js';

export const ENTITIES = [
  UserEntity,
  AccessKeyEntity,
  GroupEntity,
  MembershipEntity,
  DestinationEntity,
  GrantEntity,
  SigningKeyEntity,
  AuditEntity,
  ChangeEntity,
  ProxyAuditEntity,
  ReconcileProblemsEntity,
  ProviderEntity,
  ProviderLoginEntity,
  ProviderSessionEntity,
  ProviderGroupEntity,
  ProviderMembershipEntity,
  AppliedObjectEntity,
  AccessRequestEntity,
  RequestApproverEntity,
  PagerDutySettingsEntity,
  DeviceLoginEntity,
  ScimTokenEntity,
  ScimUserEntity,
];
