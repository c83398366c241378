import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('audit')
export class AuditEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('timestamptz') at: Date;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('varchar', { name: 'actor_name', nullable: true }) actorName: string | null;
  @Column('varchar') action: string;
  @Column('varchar', { name: 'target_type' }) targetType: string;
  @Column('varchar', { name: 'target_id', nullable: true }) targetId: string | null;
  @Column('varchar', { name: 'target_name', nullable: true }) targetName: string | null;
  @Column('varchar', { name: 'client_ip', nullable: true }) clientIp: string | null;
  @Column('varchar', { name: 'request_id', nullable: true }) requestId: string | null;
  @Column('jsonb') details: Record<string, unknown>;
}
