import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface ReconcileProblem {
  grantId: string;
  message: string;
}

/** The latest report of a destination's RBAC reconciler: what it could not render (empty when all is well). */
@Entity('reconcile_problems')
export class ReconcileProblemsEntity {
  @PrimaryColumn('uuid', { name: 'destination_id' }) destinationId: string;
  @Column('jsonb') problems: ReconcileProblem[];
  @Column('timestamptz', { name: 'reported_at' }) reportedAt: Date;
}
