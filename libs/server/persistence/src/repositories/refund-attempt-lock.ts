import { DataSource } from 'typeorm';

/**
 * One payment attempt per refund at a time, across every worker (docs/reliability.md, "Two attempts at once"): a
 * session advisory lock on a connection held for the attempt — asking the provider, paying, recording. Two jobs can
 * reach the same refund together (its event's job and the recovery sweep's `ExecuteRefund` after a worker was
 * killed); each asks the provider first, so without the lock both saw "unknown" and both paid. Null when another
 * attempt holds it (that one finishes, or its job retries); a killed worker's lock goes with its connection.
 */
export async function tryRefundAttemptLock(
  dataSource: DataSource,
  refundId: string,
): Promise<(() => Promise<void>) | null> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [
      `refund-attempt:${refundId}`,
    ]);
    if (!locked) {
      await runner.release();
      return null;
    }
  } catch (error) {
    await runner.release();
    throw error;
  }
  return async () => {
    try {
      await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [`refund-attempt:${refundId}`]);
      await runner.release();
    } catch (error) {
      // not unlocked: the connection is closed rather than pooled, which frees the lock
      await (runner as unknown as { releasePostgresConnection(err: unknown): Promise<void> }).releasePostgresConnection(
        error,
      );
    }
  };
}
