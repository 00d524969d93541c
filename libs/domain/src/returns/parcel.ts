import { ReturnState } from '@aftersale/contracts';

export interface ParcelCandidate {
  id: string;
  trackingNumber: string | null;
  postingNumber: string;
  state: ReturnState;
}

export type ParcelMatch = { matched: true; returnId: string } | { matched: false; candidateReturnIds: string[] };

const AWAITING_PARCEL: readonly ReturnState[] = ['approved', 'in_transit'];

/** Scanners differ in case and stray whitespace, never in the characters of a code. */
function normalize(code: string | null): string {
  return (code ?? '').trim().toUpperCase();
}

/**
 * Which return case a scanned code belongs to: an exact tracking number first (in any state, so a second scan
 * can say "already received"), then the posting number of a case waiting for its parcel. No match, or several,
 * leaves the parcel unmatched with the cases it could belong to, for the seller to assign.
 */
export function matchParcel(code: string, candidates: readonly ParcelCandidate[]): ParcelMatch {
  const wanted = normalize(code);
  if (!wanted) return { matched: false, candidateReturnIds: [] };
  const byTracking = candidates.filter((c) => normalize(c.trackingNumber) === wanted);
  const byPosting = candidates.filter((c) => normalize(c.postingNumber) === wanted);
  const waiting = byPosting.filter((c) => AWAITING_PARCEL.includes(c.state));
  for (const found of [byTracking, waiting]) {
    if (found.length === 1) return { matched: true, returnId: found[0].id };
    if (found.length > 1) return { matched: false, candidateReturnIds: found.map((c) => c.id) };
  }
  return { matched: false, candidateReturnIds: byPosting.map((c) => c.id) };
}
