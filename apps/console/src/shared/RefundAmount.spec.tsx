import { fireEvent, screen } from '@testing-library/react';
import { RefundAmount } from './RefundAmount';
import { renderInAdmin } from '../test/render';

const suggested = { amount: 500000, currency: 'RUB' };

describe('RefundAmount', () => {
  function setUp() {
    const onChange = jest.fn();
    renderInAdmin(
      <RefundAmount
        suggested={suggested}
        breakdown={{ lines: { amount: 535000, currency: 'RUB' }, shipping: { amount: 35000, currency: 'RUB' } }}
        onChange={onChange}
      />,
    );
    return { onChange, input: screen.getByTestId('refund-amount-input') as HTMLInputElement };
  }

  it('starts at the amount the rules suggest, with its breakdown', () => {
    const { input } = setUp();
    expect(input.value).toBe('5000.00');
    expect(screen.getByText('Suggested by the rules: ₽5,000.00')).toBeTruthy();
    expect(screen.getByText('Refundable lines ₽5,350.00 − return shipping ₽350.00')).toBeTruthy();
  });

  it('may be lowered for a partial refund, in exact minor units', () => {
    const { input, onChange } = setUp();
    fireEvent.change(input, { target: { value: '4999,99' } });
    expect(onChange).toHaveBeenLastCalledWith({ amount: 499999, valid: true });
    expect(screen.getByText('Less than the suggested amount: the case ends partially refunded.')).toBeTruthy();
  });

  it('is never raised past the suggestion', () => {
    const { input, onChange } = setUp();
    fireEvent.change(input, { target: { value: '5000.01' } });
    expect(onChange).toHaveBeenLastCalledWith({ amount: 500001, valid: false });
    expect(screen.getByText('Not more than ₽5,000.00')).toBeTruthy();
  });

  it('refuses what is not an amount', () => {
    const { input, onChange } = setUp();
    fireEvent.change(input, { target: { value: '12.345' } });
    expect(onChange).toHaveBeenLastCalledWith({ amount: null, valid: false });
    expect(screen.getByText('Enter an amount such as 123.45')).toBeTruthy();
  });
});
