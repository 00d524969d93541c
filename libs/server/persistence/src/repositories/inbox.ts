import { DataSource, EntityManager } from 'typeorm';

type Queryable = DataSource | EntityManager;

/** The inbox (docs/architecture.md#outbox-and-inbox): one row per consumer that has reacted to an event. */
export const inbox = {
  async hasReacted(db: Queryable, consumer: string, eventId: string): Promise<boolean> {
    const rows = await db.query(`SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2`, [consumer, eventId]);
    return rows.length > 0;
  },
  async recordReaction(db: Queryable, consumer: string, eventId: string): Promise<void> {
    await db.query(`INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      consumer,
      eventId,
    ]);
  },
  /** every consumer has reacted: the outbox row is done */
  async markProcessed(db: Queryable, eventId: string): Promise<void> {
    await db.query(`UPDATE outbox SET processed_at = now() WHERE id = $1`, [eventId]);
  },
};
