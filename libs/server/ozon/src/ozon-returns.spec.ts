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

  it('rejects with a reason of those Ozon offers for the return: the one that means ours, else its other with a comment', () => {
    const offered = [
      { id: 21, name: 'Товар был в употреблении', is_comment_required: false },
      { id: 22, name: 'Нарушена комплектация', is_comment_required: false },
      { id: 23, name: 'Другое', is_comment_required: true },
    ];
    expect(ozonReturnRejectionOf('signs-of-use', 'scuffed', offered)).toEqual({ id: 21, comment: 'scuffed' });
    expect(ozonReturnRejectionOf('signs-of-use', null, offered)).toEqual({ id: 21, comment: '' });
    // no counterpart: Ozon's "other", with our wording where Ozon asks for a comment
    expect(ozonReturnRejectionOf('return-window-passed', null, offered, 'Срок возврата истёк')).toEqual({
      id: 23,
      comment: 'Срок возврата истёк',
    });
    expect(ozonReturnRejectionOf('not-our-item', ' a different serial ', offered)).toEqual({
      id: 23,
      comment: 'a different serial',
    });
    // other ids on another return: never a fixed number
    expect(ozonReturnRejectionOf('signs-of-use', null, [{ id: 7, name: 'Следы использования' }])).toEqual({
      id: 7,
      comment: '',
    });
    expect(ozonReturnRejectionOf('signs-of-use', null, [])).toBeNull();
  });

  it('writes Ozon’s amounts as decimal strings', () => {
    expect(ozonDecimal(99950)).toBe('999.50');
  });
});
