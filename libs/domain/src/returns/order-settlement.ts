import { ReturnState } from '@aftersale/contracts';

export interface SettledCaseView {
  state: ReturnState;
  /** the goods came back (a refund without return leaves them with the buyer) */
  received: boolean;
  lines: readonly { sku: string; quantity: number }[];
}

const SETTLED: readonly ReturnState[] = ['refunded', 'partially_refunded'];

/**
 * An order is `returned` when every unit it had came back and its case was settled by a refund
 * (docs/rules.md#orders: "all of it came back and was settled").
 */
export function allUnitsSettled(
  orderLines: readonly { sku: string; quantity: number }[],
  cases: readonly SettledCaseView[],
): boolean {
  const back = new Map<string, number>();
  for (const c of cases) {
    if (!SETTLED.includes(c.state) || !c.received) continue;
    for (const line of c.lines) back.set(line.sku, (back.get(line.sku) ?? 0) + line.quantity);
  }
  const ordered = new Map<string, number>();
  for (const line of orderLines) ordered.set(line.sku, (ordered.get(line.sku) ?? 0) + line.quantity);
  return [...ordered].every(([sku, quantity]) => (back.get(sku) ?? 0) >= quantity);
}
