import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('destinations')
export class DestinationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('varchar') name: string;
  @Column('text') url: string;
  @Column('text', { name: 'ca_certificate' }) caCertificate: string;
  @Column('varchar', { name: 'kubernetes_version' }) kubernetesVersion: string;
  @Column('jsonb') namespaces: string[];
  @Column('boolean') connected: boolean;
  @Column('timestamptz', { name: 'last_seen', nullable: true }) lastSeen: Date | null;
  /** The machine user allowed to register this destination. */
  @Column('uuid', { name: 'connector_user_id', nullable: true }) connectorUserId: string | null;
  @Column('timestamptz') created: Date;
  @Column('timestamptz') updated: Date;
}
