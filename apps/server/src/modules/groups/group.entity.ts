import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('groups')
export class GroupEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('varchar') name: string;
  @Column('timestamptz') created: Date;
  @Column('timestamptz') updated: Date;
}

@Entity('memberships')
export class MembershipEntity {
  @PrimaryColumn('uuid', { name: 'group_id' }) groupId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
}
