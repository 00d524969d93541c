import { DataSource } from 'typeorm';
import { prepared } from './repositories/prepared';

/**
 * The payment simulator's ledger (table simulated_payments), provided with `onDataSource`: one row per idempotency
 * key, paid or declined.
 */
export class SimulatedPaymentRows {
  constructor(private readonly dataSource: DataSource) {}

  async status(idempotencyKey: string): Promise<'succeeded' | 'declined' | null> {
    const rows = (await this.dataSource.query(
      prepared(`SELECT status FROM simulated_payments WHERE idempotency_key = $1`),
      [idempotencyKey],
    )) as { status: 'succeeded' | 'declined' }[];
    return rows[0]?.status ?? null;
  }

  /**
   * Records a simulated payment once per key, in one statement with the key's standing: `inserted` false when the
   * key was recorded already (a second call), `status` what the ledger holds for it either way.
   */
  async record(row: {
    idempotencyKey: string;
    amount: number;
    currency: string;
    status: 'succeeded' | 'declined';
  }): Promise<{ inserted: boolean; status: 'succeeded' | 'declined' }> {
    const rows = (await this.dataSource.query(
      prepared(`WITH added AS (
         INSERT INTO simulated_payments (idempotency_key, amount, currency, status) VALUES ($1, $2, $3, $4)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING status)
       SELECT status, true AS inserted FROM added
       UNION ALL
       SELECT status, false FROM simulated_payments WHERE idempotency_key = $1 AND NOT EXISTS (SELECT 1 FROM added)`),
      [row.idempotencyKey, row.amount, row.currency, row.status],
    )) as { status: 'succeeded' | 'declined'; inserted: boolean }[];
    return rows[0];
  }
}
