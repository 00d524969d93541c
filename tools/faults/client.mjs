// An HTTP client that behaves like a careful real one: every command carries an Idempotency-Key, and a 503,
// a 429 or a network error is retried with the same key and body until an answer comes (bounded).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export class Api {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    /** every command a client was answered: { who, method, path, key, status, body, attempts } */
    this.told = [];
    this.stats = { requests: 0, retries: 0, status: {} };
  }

  /** One HTTP exchange, no retries. Never throws: a network failure is status 0. */
  async raw(method, path, { credential, body, headers = {}, rawBody, timeoutMs = 20000 } = {}) {
    const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(timeoutMs) };
    if (credential?.token) init.headers.authorization = `Bearer ${credential.token}`;
    if (credential?.key) init.headers['x-api-key'] = credential.key;
    if (rawBody !== undefined) init.body = rawBody;
    else if (body !== undefined) {
      init.headers['content-type'] ??= 'application/json';
      init.body = JSON.stringify(body);
    }
    this.stats.requests++;
    try {
      const response = await fetch(`${this.baseUrl}${path}`, init);
      const text = await response.text();
      let parsed = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: kept as text
      }
      this.count(response.status);
      return { status: response.status, headers: response.headers, body: parsed };
    } catch (error) {
      this.count(0);
      return {
        status: 0,
        headers: new Headers(),
        body: undefined,
        error: String(error?.cause?.code ?? error?.message),
      };
    }
  }

  count(status) {
    this.stats.status[status] = (this.stats.status[status] ?? 0) + 1;
  }

  /** GET with retries on 503 / network errors. */
  async get(path, credential, patienceMs = 60000) {
    const end = Date.now() + patienceMs;
    for (let attempt = 0; ; attempt++) {
      const answer = await this.raw('GET', `/api/v1${path}`, { credential });
      if (!retryable(answer.status) || Date.now() > end) return answer;
      this.stats.retries++;
      await pause(answer, attempt);
    }
  }

  /**
   * A command: one Idempotency-Key for all attempts. The answer a client finally gets is recorded in `told`;
   * a 202 is then followed on /commands/:id until it settles.
   */
  async command(who, credential, path, body, { patienceMs = 90000, key = randomUUID() } = {}) {
    const end = Date.now() + patienceMs;
    let answer;
    let attempts = 0;
    for (;;) {
      attempts++;
      answer = await this.raw('POST', `/api/v1${path}`, {
        credential,
        body: body ?? {},
        headers: { 'idempotency-key': key },
      });
      if (!retryable(answer.status) || Date.now() > end) break;
      this.stats.retries++;
      await pause(answer, attempts);
    }
    const entry = { who, path, key, status: answer.status, body: answer.body, attempts, body_sent: body ?? {} };
    if (answer.status === 200 || answer.status === 201 || answer.status === 202) this.told.push(entry);
    if (answer.status === 202) {
      const commandId = answer.body?.id;
      entry.commandId = commandId;
      const settled = await this.settle(commandId, credential, end);
      entry.final = settled;
      return settled ?? answer;
    }
    return answer;
  }

  /** Polls /commands/:id until the command is no longer `accepted`; the answer a client would act on. */
  async settle(commandId, credential, end) {
    for (let attempt = 0; Date.now() < end; attempt++) {
      const view = await this.raw('GET', `/api/v1/commands/${commandId}`, { credential });
      if (view.status === 200 && view.body?.state === 'succeeded') return { status: 200, body: view.body.result };
      if (view.status === 200 && view.body?.state === 'failed')
        return { status: view.body.problem?.status ?? 409, body: view.body.problem };
      await sleep(Math.min(100 * 2 ** attempt, 1000));
    }
    return undefined;
  }
}

export function retryable(status) {
  return status === 0 || status === 503 || status === 429;
}

async function pause(answer, attempt) {
  const retryAfter = Number(answer.headers?.get?.('retry-after'));
  const backoff = Math.min(100 * 2 ** attempt, 1000);
  await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, backoff * 2) : backoff);
}
