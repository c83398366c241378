import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('grants')
export class GrantEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id', nullable: true }) userId: string | null;
  @Column('uuid', { name: 'group_id', nullable: true }) groupId: string | null;
  @Column('varchar') privilege: string;
  @Column('varchar') resource: string;
  /** The destination part of the resource, kept for filtering and for routing changes to connectors. */
  @Column('varchar') destination: string;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt: Date | null;
  @Column('timestamptz') created: Date;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
}
