import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What kind of object an apply made: a provider, a user, a group, a membership (`<group id>:<user id>`) or a grant. */
export type AppliedKind = 'provider' | 'user' | 'group' | 'membership' | 'grant';

/**
 * An object that an apply created, and so may remove when the file stops declaring it. Objects made through the
 * API or the CLI have no row here and are never touched by apply.
 */
@Entity('applied_objects')
export class AppliedObjectEntity {
  @PrimaryColumn('varchar') kind: AppliedKind;
  @PrimaryColumn('varchar', { name: 'object_id' }) objectId: string;
  /** Which file owns it: `api` (infra apply) or `config-file` (the server's --config-file). */
  @Column('varchar') source: string;
  @Column('timestamptz') created: Date;
}
