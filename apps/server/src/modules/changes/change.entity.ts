import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('changes')
export class ChangeEntity {
  /** bigint arrives from pg as a string; ChangesService converts it to a number. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) sequence: string;
  @Column('varchar') kind: string;
  @Column('varchar', { nullable: true }) destination: string | null;
  @Column('jsonb') payload: unknown;
  @Column('timestamptz') at: Date;
}
