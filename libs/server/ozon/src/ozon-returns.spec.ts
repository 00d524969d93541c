import {
  OZON_RETURN_ACTIONS,
  ozonDecimal,
  ozonReturnActionsFor,
  ozonReturnAwaitsPush,
  ozonReturnRejectionOf,
} from './ozon-returns';

describe('a return case’s decisions as Ozon’s rFBS actions (docs/ozon.md#return-actions)', () => {
  it('brings Ozon where the case is in Ozon’s order: verify and receive-return before what needs the goods back', () => {
    expect(ozonReturnActionsFor('approved', false)).toEqual(['verify']);
    expect(ozonReturnActionsFor('inspected', true)).toEqual(['verify', 'receive-return']);
    expect(ozonReturnActionsFor('refunded', true)).toEqual(['verify', 'receive-return', 'return-money']);
    expect(ozonReturnActionsFor('refunded', false)).toEqual(['return-money']);
    expect(ozonReturnActionsFor('return_rejected', true)).toEqual(['verify', 'receive-return', 'reject']);
    expect(ozonReturnActionsFor('compensation_offered', false)).toEqual(['compensate']);
  });

  it('pushes nothing for what is not the seller’s decision: a new request, the buyer’s answers, arbitration, closed', () => {
    for (const state of ['requested', 'compensated', 'arbitration', 'closed']) {
      expect(ozonReturnActionsFor(state, false)).toEqual([]);
      expect(ozonReturnAwaitsPush(state, 'New')).toBe(false);
    }
  });

  it('waits for Ozon until Ozon’s state has the decision', () => {
    expect(ozonReturnAwaitsPush('approved', 'New')).toBe(true);
    expect(ozonReturnAwaitsPush('approved', 'Delivering')).toBe(false);
    expect(ozonReturnAwaitsPush('received', 'Delivering')).toBe(true);
    expect(ozonReturnAwaitsPush('refunded', 'Checkout')).toBe(true);
    expect(ozonReturnAwaitsPush('refunded', 'MoneyReturned')).toBe(false);
    expect(ozonReturnAwaitsPush('rejected', 'Arbitration')).toBe(false);
    // a second offer after the buyer declined the first is a new decision
    expect(ozonReturnAwaitsPush('compensation_offered', 'CompensationDeclined')).toBe(true);
  });

  it('offers each action only where Ozon’s available_actions has it', () => {
    expect(OZON_RETURN_ACTIONS['receive-return'].from).toEqual(['Delivering']);
    expect(OZON_RETURN_ACTIONS['return-money'].from).not.toContain('Delivering');
    expect(OZON_RETURN_ACTIONS.reject.from).toContain('Checkout');
  });

  it('rejects with Ozon’s reason ids: used goods 1, anything else 3 with a comment', () => {
    expect(ozonReturnRejectionOf('signs-of-use', 'scuffed')).toEqual({ id: 1, comment: 'scuffed' });
    expect(ozonReturnRejectionOf('return-window-passed', null)).toEqual({ id: 3, comment: 'return-window-passed' });
    expect(ozonReturnRejectionOf('not-our-item', ' a different serial ')).toEqual({
      id: 3,
      comment: 'a different serial',
    });
    expect(ozonDecimal(99950)).toBe('999.50');
  });
});
