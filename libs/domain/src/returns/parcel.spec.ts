import { matchParcel, ParcelCandidate } from './parcel';

const candidate = (
  id: string,
  state: ParcelCandidate['state'],
  trackingNumber: string | null,
  postingNumber = '7731-0042',
): ParcelCandidate => ({
  id,
  state,
  trackingNumber,
  postingNumber,
});

describe('matchParcel', () => {
  it('matches an exact tracking number first, over a posting number', () => {
    const cases = [candidate('r1', 'in_transit', 'TRK-1', 'TRK-2'), candidate('r2', 'in_transit', 'TRK-2')];
    expect(matchParcel('TRK-2', cases)).toEqual({ matched: true, returnId: 'r2' });
  });

  it('ignores case and surrounding spaces of the scanned code', () => {
    expect(matchParcel('  trk-1 ', [candidate('r1', 'in_transit', 'TRK-1')])).toEqual({
      matched: true,
      returnId: 'r1',
    });
  });

  it('matches a tracking number of an already received case, so the scan can say so', () => {
    expect(matchParcel('TRK-1', [candidate('r1', 'received', 'TRK-1')])).toEqual({ matched: true, returnId: 'r1' });
  });

  it('falls back to the posting number of a case that is approved or in transit', () => {
    const cases = [candidate('r1', 'closed', null), candidate('r2', 'approved', null)];
    expect(matchParcel('7731-0042', cases)).toEqual({ matched: true, returnId: 'r2' });
  });

  it('leaves a code matching several cases unmatched with those cases as candidates', () => {
    expect(
      matchParcel('TRK-1', [candidate('r1', 'in_transit', 'TRK-1'), candidate('r2', 'received', 'TRK-1')]),
    ).toEqual({ matched: false, candidateReturnIds: ['r1', 'r2'] });
    expect(matchParcel('7731-0042', [candidate('r1', 'approved', null), candidate('r2', 'in_transit', 'X')])).toEqual({
      matched: false,
      candidateReturnIds: ['r1', 'r2'],
    });
  });

  it('leaves a posting number with no case waiting for a parcel unmatched, naming the cases of that posting', () => {
    expect(matchParcel('7731-0042', [candidate('r1', 'requested', null)])).toEqual({
      matched: false,
      candidateReturnIds: ['r1'],
    });
    expect(matchParcel('NOPE', [candidate('r1', 'approved', null)])).toEqual({
      matched: false,
      candidateReturnIds: [],
    });
  });
});
