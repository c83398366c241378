import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One request through a connector's kubectl proxy, as the connector reported it. */
@Entity('proxy_audit')
export class ProxyAuditEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'destination_id' }) destinationId: string;
  @Column('timestamptz') at: Date;
  @Column('varchar', { name: 'request_id' }) requestId: string;
  @Column('varchar', { name: 'user_name' }) userName: string;
  @Column('varchar') verb: string;
  @Column('text') path: string;
  @Column('integer') status: number;
  @Column('integer', { name: 'duration_ms' }) durationMs: number;
  @Column('text', { name: 'kubectl_command' }) kubectlCommand: string;
  @Column('varchar', { name: 'client_ip' }) clientIp: string;
}
