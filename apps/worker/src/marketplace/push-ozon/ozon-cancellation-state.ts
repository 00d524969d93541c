import { OzonClient } from '@aftersale/server/ozon';

/**
 * Ozon's current state of one conditional cancellation (`state.state`: `ON_APPROVAL`, `APPROVED`, `REJECTED`), read
 * from `/v2/conditional-cancellation/list` filtered by its posting (Ozon has no read of one request); null when Ozon
 * does not list it.
 */
export async function ozonCancellationState(
  client: OzonClient,
  postingNumber: string,
  cancellationId: number,
): Promise<string | null> {
  const answer = await client.call('/v2/conditional-cancellation/list', {
    filters: { posting_number: [postingNumber], state: 'ALL' },
    limit: 100,
  });
  const request = (answer.result ?? []).find((c) => c.cancellation_id === cancellationId);
  return request?.state?.state ?? null;
}
