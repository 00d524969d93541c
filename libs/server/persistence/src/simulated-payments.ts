import { SqlRunner } from './marketplace-queries';
import { prepared } from './repositories/prepared';

/** The payment simulator's ledger (table simulated_payments): one row per idempotency key, paid or declined. */
export async function simulatedPaymentStatus(
  db: SqlRunner,
  idempotencyKey: string,
): Promise<'succeeded' | 'declined' | null> {
  const rows = (await db.query(prepared(`SELECT status FROM simulated_payments WHERE idempotency_key = $1`), [
    idempotencyKey,
  ])) as { status: 'succeeded' | 'declined' }[];
  return rows[0]?.status ?? null;
}

/** Records a simulated payment once per key; false when the key was recorded already (a second call). */
export async function recordSimulatedPayment(
  db: SqlRunner,
  row: { idempotencyKey: string; amount: number; currency: string; status: 'succeeded' | 'declined' },
): Promise<boolean> {
  const inserted = (await db.query(
    prepared(`INSERT INTO simulated_payments (idempotency_key, amount, currency, status) VALUES ($1, $2, $3, $4)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`),
    [row.idempotencyKey, row.amount, row.currency, row.status],
  )) as unknown[];
  return inserted.length > 0;
}
