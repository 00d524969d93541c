import type {
  BulkJobResult,
  FoundJobView,
  JobView,
  OpsSessionView,
  OutboxLagView,
  QueueOverview,
  SellerReliabilityView,
  SystemHealthView,
} from '@aftersale/contracts';
import type { TranslateFunction } from 'react-admin';
import { API, httpClient } from '../api/http';

/** The ops endpoints (docs/operations.md), each a plain call; the pages poll them with react-query. */
const get = async <T>(path: string): Promise<T> => (await httpClient(`${API}/ops${path}`)).json as T;
const send = async <T>(method: 'POST' | 'DELETE', path: string): Promise<T> =>
  (await httpClient(`${API}${path}`, { method })).json as T;

export const opsApi = {
  queues: () => get<QueueOverview[]>('/queues'),
  outbox: () => get<OutboxLagView>('/outbox'),
  health: () => get<SystemHealthView>('/health'),
  failedJobs: (queue: string) => get<JobView[]>(`/queues/${encodeURIComponent(queue)}/jobs?state=failed&limit=200`),
  retryJob: (queue: string, jobId: string) =>
    send<JobView>('POST', `/ops/queues/${encodeURIComponent(queue)}/jobs/${encodeURIComponent(jobId)}/retry`),
  discardJob: (queue: string, jobId: string) =>
    send<void>('DELETE', `/ops/queues/${encodeURIComponent(queue)}/jobs/${encodeURIComponent(jobId)}`),
  retryAllFailed: (queue: string) =>
    send<BulkJobResult>('POST', `/ops/queues/${encodeURIComponent(queue)}/failed/retry`),
  discardAllFailed: (queue: string) => send<BulkJobResult>('DELETE', `/ops/queues/${encodeURIComponent(queue)}/failed`),
  findJobs: (q: string) => get<FoundJobView[]>(`/jobs?q=${encodeURIComponent(q)}`),
  reliability: () => get<SellerReliabilityView[]>('/sellers/reliability'),
  /** sets the HttpOnly bull-board cookie for this origin; the answer names where bull-board is */
  openSession: () => send<OpsSessionView>('POST', '/auth/ops-session'),
};

export const REFRESH_MS = 5000;

/** The backlog threshold (seconds) is the operator's own, kept in this browser. */
const THRESHOLD_KEY = 'aftersale.ops.backlogThresholdSeconds';
export function loadThreshold(): number {
  const value = Number(globalThis.localStorage?.getItem(THRESHOLD_KEY));
  return Number.isFinite(value) && value > 0 ? value : 60;
}
export function saveThreshold(seconds: number): void {
  globalThis.localStorage?.setItem(THRESHOLD_KEY, String(seconds));
}

/** "2 min 5 s", "1 h 3 min" in the units of the language chosen in the app (the countdown's, aftersale.countdown). */
export function formatSeconds(seconds: number | null, translate: TranslateFunction): string {
  if (seconds === null) return '—';
  const unit = (name: 'seconds' | 'minutes' | 'hours', count: number) =>
    translate(`aftersale.countdown.${name}`, { count });
  if (seconds < 60) return unit('seconds', Math.round(seconds));
  if (seconds < 3600)
    return `${unit('minutes', Math.floor(seconds / 60))} ${unit('seconds', Math.round(seconds % 60))}`;
  return `${unit('hours', Math.floor(seconds / 3600))} ${unit('minutes', Math.floor((seconds % 3600) / 60))}`;
}

/** A share as a percentage in the app's language ("12.5%", "12,5 %"). */
export const percent = (value: number | null, locale: string) =>
  value === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
