import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CommandState, ProblemDocument } from '@aftersale/contracts';

/**
 * The accepted-command log: a row exists before the API answers, the worker records the outcome in the
 * effect's transaction, and the idempotency key (scoped to principal, method and path) lives here too.
 */
@Entity('commands')
export class CommandOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') type!: string;
  @Column('text') principal!: string;
  @Column('uuid', { name: 'seller_id', nullable: true }) sellerId!: string | null;
  @Column('jsonb') actor!: Record<string, any>;
  @Column('text', { name: 'request_key' }) requestKey!: string;
  @Column('text', { name: 'idempotency_key', nullable: true }) idempotencyKey!: string | null;
  @Column('text', { name: 'body_hash' }) bodyHash!: string;
  @Column('jsonb') payload!: Record<string, any>;
  @Column('text') state!: CommandState;
  @Column('timestamptz', { name: 'accepted_at' }) acceptedAt!: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
  @Column('text', { name: 'resource_type', nullable: true }) resourceType!: string | null;
  @Column('text', { name: 'resource_id', nullable: true }) resourceId!: string | null;
  @Column('int', { name: 'success_status', nullable: true }) successStatus!: number | null;
  @Column('jsonb', { nullable: true }) result!: any;
  @Column('jsonb', { nullable: true }) problem!: ProblemDocument | null;
  /** the request's X-Request-Id (docs/operations.md "Correlation id") */
  @Column('text', { name: 'correlation_id', nullable: true }) correlationId!: string | null;
}
