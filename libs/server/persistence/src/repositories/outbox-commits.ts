import { DataSource, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';

/** The key a transaction's query runner carries (in `queryRunner.data`) once it wrote an event for the relay. */
const WROTE_EVENTS_FOR_THE_RELAY = 'aftersale.outbox.unpublished';

/** Marks the transaction of `queryRunner` as one whose commit the relay should hear of (`appendEvents`). */
export function markOutboxWritten(queryRunner: QueryRunner | undefined): void {
  if (queryRunner) queryRunner.data[WROTE_EVENTS_FOR_THE_RELAY] = true;
}

/**
 * Tells this process's relay, right after the commit, that a transaction of this process wrote events for it
 * (docs/benchmarks.md, 24). A TypeORM subscriber: `afterTransactionCommit` runs once COMMIT has returned, and only
 * the outermost commit counts (a savepoint's release leaves the transaction active). It replaces the outbox's
 * NOTIFY trigger for the worker's own transactions: PostgreSQL serialises the commits of every transaction that
 * notified, WAL flush included, under one lock, which halved the ceiling's commits at 32 clients. Writers outside
 * this process still wake the relays with `pg_notify('outbox', '')` after they commit (OutboxListener).
 */
class OutboxCommits implements EntitySubscriberInterface {
  readonly listeners = new Set<() => void>();

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (queryRunner.isTransactionActive || !queryRunner.data?.[WROTE_EVENTS_FOR_THE_RELAY]) return;
    delete queryRunner.data[WROTE_EVENTS_FOR_THE_RELAY];
    for (const listener of this.listeners) listener();
  }

  afterTransactionRollback({ queryRunner }: TransactionCommitEvent): void {
    if (!queryRunner.isTransactionActive) delete queryRunner.data?.[WROTE_EVENTS_FOR_THE_RELAY];
  }
}

const watchers = new WeakMap<DataSource, OutboxCommits>();

/** Calls `listener` after each commit of a transaction on `dataSource` that wrote events for the relay; returns the stop. */
export function watchOutboxCommits(dataSource: DataSource, listener: () => void): () => void {
  let commits = watchers.get(dataSource);
  if (!commits) {
    commits = new OutboxCommits();
    watchers.set(dataSource, commits);
    dataSource.subscribers.push(commits);
  }
  commits.listeners.add(listener);
  const watching = commits;
  return () => void watching.listeners.delete(listener);
}
