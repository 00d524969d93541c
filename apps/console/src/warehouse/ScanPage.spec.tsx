import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ParcelView, ReturnView } from '@aftersale/contracts';
import ScanPage from './ScanPage';
import { renderInAdmin } from '../test/render';

const parcel: ParcelView = {
  id: 'p1',
  sellerId: 's1',
  code: 'TRK123',
  condition: 'intact',
  note: null,
  attachmentIds: [],
  returnId: 'r1',
  candidateReturnIds: [],
  receivedBy: 'u1',
  receivedAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
};
const matched = { id: 'r1', postingNumber: '7731-0042', state: 'received', lines: [{ sku: 'KETTLE', quantity: 1 }] };

function setUp(answer: { returnId: string | null; alreadyReceived: boolean }) {
  const command = jest.fn(async (path: string, body: any) => {
    if (path === 'parcels/receive') return { data: { parcel: { ...parcel, returnId: answer.returnId }, ...answer } };
    return { data: { ...parcel, ...body } };
  });
  renderInAdmin(<ScanPage />, {
    dataProvider: {
      command,
      getOne: async () => ({ data: matched as unknown as ReturnView }),
      getList: async () => ({ data: [], total: 0 }),
    } as any,
  });
  return { command, input: screen.getByTestId('scan-input') as HTMLInputElement };
}

async function scan(input: HTMLInputElement, code: string) {
  fireEvent.change(input, { target: { value: code } });
  await act(async () => {
    fireEvent.submit(input.closest('form')!);
  });
}

describe('the warehouse scan page', () => {
  it('has the cursor in the scan field, receives on Enter and shows a match large, with the expected lines', async () => {
    const { command, input } = setUp({ returnId: 'r1', alreadyReceived: false });
    expect(document.activeElement).toBe(input);
    await scan(input, 'TRK123');
    expect(command).toHaveBeenCalledWith('parcels/receive', { code: 'TRK123' });
    const result = await screen.findByTestId('scan-result');
    expect(result.getAttribute('data-outcome')).toBe('matched');
    expect(await screen.findByText('Matched: return 7731-0042')).toBeTruthy();
    expect(within(result).getByText('KETTLE × 1')).toBeTruthy();
    // the cursor stays in the scan field, emptied for the next code
    expect(document.activeElement).toBe(input);
    expect(input.value).toBe('');
  });

  it('takes the condition from 1/2/3 and Enter typed alone, for the parcel just shown; Esc clears the field', async () => {
    const { command, input } = setUp({ returnId: 'r1', alreadyReceived: false });
    await scan(input, 'TRK123');
    await screen.findByTestId('scan-result');
    await scan(input, '3');
    await waitFor(() =>
      expect(command).toHaveBeenCalledWith('parcels/p1/condition', {
        condition: 'damaged_packaging',
        attachmentIds: [],
      }),
    );
    expect(command).not.toHaveBeenCalledWith('parcels/receive', { code: '3' });
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: 'half-typed' } });
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.value).toBe('');
  });

  it("receives a scanner's next code typed straight after a scan, without changing the first parcel", async () => {
    const { command, input } = setUp({ returnId: 'r1', alreadyReceived: false });
    await scan(input, 'TRK123');
    await scan(input, '12345678');
    await waitFor(() => expect(command).toHaveBeenCalledWith('parcels/receive', { code: '12345678' }));
    expect(command.mock.calls.filter(([path]) => path !== 'parcels/receive')).toEqual([]);
  });

  it('lists the keys on ? in the empty scan field', async () => {
    const { input } = setUp({ returnId: 'r1', alreadyReceived: false });
    fireEvent.keyDown(input, { key: '?' });
    const help = await screen.findByTestId('shortcuts-help');
    expect(within(help).getByText('The parcel just shown: opened')).toBeTruthy();
  });

  it('tells an unmatched parcel and an already received one apart from a match', async () => {
    const unmatched = setUp({ returnId: null, alreadyReceived: false });
    await scan(unmatched.input, 'NOPE');
    expect((await screen.findByTestId('scan-result')).getAttribute('data-outcome')).toBe('unmatched');
    expect(screen.getByText('Unmatched — logged for the seller to assign')).toBeTruthy();
  });

  it('says when a parcel was already received', async () => {
    const { input } = setUp({ returnId: 'r1', alreadyReceived: true });
    await scan(input, 'TRK123');
    expect((await screen.findByTestId('scan-result')).getAttribute('data-outcome')).toBe('already');
    expect(screen.getByText('Already received')).toBeTruthy();
  });
});
