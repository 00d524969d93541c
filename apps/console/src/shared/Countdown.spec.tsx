import { screen } from '@testing-library/react';
import { Countdown, countdownLevel } from './Countdown';
import { renderInAdmin } from '../test/render';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const inHours = (h: number) => new Date(NOW + h * 3_600_000).toISOString();

describe('Countdown', () => {
  it.each([
    [30, 'neutral', '1 d 6 h left'],
    [23.5, 'amber', '23 h 30 min left'],
    [2 + 14 / 60, 'red', '2 h 14 min left'],
    [-1, 'overdue', 'Overdue — will be auto-approved'],
  ])('a deadline %s h away is %s and reads "%s"', (hours, level, text) => {
    renderInAdmin(<Countdown deadline={inHours(hours)} now={NOW} />);
    const countdown = screen.getByTestId('countdown');
    expect(countdown.getAttribute('data-level')).toBe(level);
    expect(countdown.textContent).toBe(text);
  });

  it('turns red under 6 hours and amber under 24', () => {
    expect(countdownLevel(6 * 3_600_000)).toBe('amber');
    expect(countdownLevel(6 * 3_600_000 - 1)).toBe('red');
    expect(countdownLevel(24 * 3_600_000)).toBe('neutral');
    expect(countdownLevel(0)).toBe('overdue');
  });

  it('speaks the user’s language', () => {
    renderInAdmin(<Countdown deadline={inHours(2 + 14 / 60)} now={NOW} />, { locale: 'zh' });
    expect(screen.getByTestId('countdown').textContent).toBe('剩余 2 小时 14 分钟');
  });
});
