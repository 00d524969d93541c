import { Injectable } from '@nestjs/common';
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServerConfig } from '@aftersale/server/messaging';
import { SimulatedPaymentRows } from '@aftersale/server/persistence';
import { PaymentOutcome, PaymentPort, PaymentRequest } from './payment.port';

export interface PaymentSimulatorSettings {
  latencyMs: number;
  /** 0..1, the share of calls that fail before paying (0 by default) */
  failureRate: number;
  /** 0..1, the share of calls that time out: half of them after paying, half before (0 by default) */
  timeoutRate: number;
  /** how long a timing-out call hangs before it throws */
  timeoutMs: number;
  /** a file that gets one JSON line per `pay` call and what it did (unset: no log) */
  callLog?: string;
  /** 0..1, the share of new payments the simulated provider declines for good (0 by default) */
  declineRate: number;
}

/** What one `pay` call did; `already-paid` is a second call for a key that was paid (a real provider might pay twice). */
export type SimulatedCallOutcome = 'paid' | 'declined' | 'already-paid' | 'failed' | 'timeout-paid' | 'timeout-unpaid';

export function simulatorSettings(config: ServerConfig): PaymentSimulatorSettings {
  return {
    latencyMs: config.paymentSimulatorLatencyMs,
    failureRate: config.paymentSimulatorFailureRate,
    timeoutRate: config.paymentSimulatorTimeoutRate,
    timeoutMs: config.paymentSimulatorTimeoutMs,
    callLog: config.paymentSimulatorCallLog || undefined,
    declineRate: config.paymentSimulatorDeclineRate,
  };
}

const DECLINE_REASON = 'payment simulator: declined';

/**
 * A local stand-in for the marketplace's payment API, keeping its ledger in its own table. The call log
 * records every call, so a test can count calls rather than ledger rows (the ledger deduplicates by key).
 */
@Injectable()
export class PaymentSimulator extends PaymentPort {
  settings: PaymentSimulatorSettings;

  constructor(
    private readonly ledger: SimulatedPaymentRows,
    config: ServerConfig,
  ) {
    super();
    this.settings = simulatorSettings(config);
  }

  async pay(request: PaymentRequest): Promise<PaymentOutcome> {
    if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);
    const dice = Math.random();
    if (dice < this.settings.failureRate) {
      this.log(request, 'failed');
      throw new Error('payment simulator: simulated failure');
    }
    if (dice < this.settings.failureRate + this.settings.timeoutRate) {
      const paysFirst = Math.random() < 0.5;
      if (paysFirst) await this.record(request, 'timeout-paid');
      else this.log(request, 'timeout-unpaid');
      await sleep(this.settings.timeoutMs);
      throw new Error('payment simulator: simulated timeout');
    }
    // what the ledger holds for the key, read in the insert's statement: a second call answers the first outcome
    const status = await this.record(request, Math.random() < this.settings.declineRate ? 'declined' : 'paid');
    return status === 'declined' ? { status: 'declined', reason: DECLINE_REASON } : { status: 'succeeded' };
  }

  async status(idempotencyKey: string): Promise<PaymentOutcome | { status: 'unknown' }> {
    const status = await this.ledger.status(idempotencyKey);
    if (!status) return { status: 'unknown' };
    return status === 'declined' ? { status: 'declined', reason: DECLINE_REASON } : { status: 'succeeded' };
  }

  private async record(
    request: PaymentRequest,
    outcome: 'paid' | 'declined' | 'timeout-paid',
  ): Promise<'succeeded' | 'declined'> {
    const { inserted, status } = await this.ledger.record({
      idempotencyKey: request.idempotencyKey,
      amount: request.amount.amount,
      currency: request.amount.currency,
      status: outcome === 'declined' ? 'declined' : 'succeeded',
    });
    this.log(request, inserted ? outcome : 'already-paid');
    return status;
  }

  private log(request: PaymentRequest, outcome: SimulatedCallOutcome): void {
    if (!this.settings.callLog) return;
    // `at` first: the fault suite's books find where a record starts by it (a SIGKILL can tear the one before)
    const line = {
      at: new Date().toISOString(),
      pid: process.pid,
      idempotencyKey: request.idempotencyKey,
      orderId: request.orderId,
      amount: request.amount.amount,
      outcome,
    };
    appendFileSync(this.settings.callLog, `${JSON.stringify(line)}\n`);
  }
}
