/**
 * Every decision that waited for a seller in the last 30 days, cancellations and return cases alike:
 * seller, created, decided, deadline, decided_by (a user id, `system` or `deadline`). Shared by the
 * deadline-breach and the reliability queries (docs/operations.md "Seller reliability").
 */
export const SELLER_DECISIONS_30D = `
  SELECT seller_id, created_at, decided_at, deadline_at, decided_by, 'cancellation' AS case_type
    FROM cancellation_requests
   WHERE decided_at >= now() - interval '30 days' AND decided_by IS NOT NULL
  UNION ALL
  SELECT seller_id, created_at, (snapshot->>'decidedAt')::timestamptz, (snapshot->>'decisionDeadlineAt')::timestamptz,
         snapshot->>'decidedBy', 'return'
    FROM return_cases
   WHERE (snapshot->>'decidedAt')::timestamptz >= now() - interval '30 days' AND snapshot->>'decidedBy' IS NOT NULL`;
