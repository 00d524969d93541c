import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider } from 'react-admin';
import type { AttachmentView, CommandView } from '@aftersale/contracts';
import { API, httpClient, randomKey } from './http';
import { problemError } from './problems';
import { session } from './session';

export interface CommandOptions {
  /** called when the api answers 202: the command is accepted and still being processed */
  onAccepted?: () => void;
  /** waits between polls of /commands/:id (tests shorten them) */
  pollDelays?: { first: number; max: number; factor: number; giveUpAfter: number };
}

const DEFAULT_POLL = { first: 250, max: 4000, factor: 1.6, giveUpAfter: 5 * 60_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A command's outcome (docs/api.md "Command semantics"): 200/201 carry it; 202 means accepted and not yet
 * processed, so /commands/:id is polled with backoff until it reports success (the record) or a problem.
 */
async function awaitOutcome(location: string, options: CommandOptions): Promise<unknown> {
  const delays = options.pollDelays ?? DEFAULT_POLL;
  const until = Date.now() + delays.giveUpAfter;
  let delay = delays.first;
  while (Date.now() < until) {
    await sleep(delay);
    delay = Math.min(delays.max, delay * delays.factor);
    const { json } = await httpClient(location.startsWith('/api') ? location : `${API}/${location}`);
    const command = json as CommandView;
    if (command.state === 'succeeded') return command.result ?? null;
    if (command.state === 'failed') throw problemError(command.problem?.status ?? 409, command.problem);
  }
  throw problemError(504, { code: 'command-still-running' });
}

export interface AftersaleDataProvider extends DataProvider {
  /** POST a command (`cancellations/<id>/approve`, `parcels/receive` …) and return its record */
  command<T = any>(path: string, body?: unknown, options?: CommandOptions): Promise<{ data: T }>;
  /** GET any path below /api/v1 (settings, stats, ops pages) */
  fetch<T = any>(path: string): Promise<{ data: T }>;
  put<T = any>(path: string, body: unknown): Promise<{ data: T }>;
  /** DELETE any path below /api/v1 (disconnecting the Ozon account) */
  remove(path: string): Promise<void>;
  upload(file: File): Promise<{ data: AttachmentView }>;
}

const rest = simpleRestProvider(API, httpClient);

export const dataProvider: AftersaleDataProvider = {
  ...rest,
  async command(path, body, options = {}) {
    const response = await httpClient(`${API}/${path}`, {
      method: 'POST',
      body: JSON.stringify(body ?? {}),
      headers: new Headers({ 'Content-Type': 'application/json', 'Idempotency-Key': randomKey() }),
    });
    if (response.status === 202) {
      options.onAccepted?.();
      const location = response.headers.get('Location') ?? `commands/${(response.json as CommandView).id}`;
      return { data: (await awaitOutcome(location, options)) as any };
    }
    return { data: response.json };
  },
  async fetch(path) {
    const { json } = await httpClient(`${API}/${path}`);
    return { data: json };
  },
  async put(path, body) {
    const { json } = await httpClient(`${API}/${path}`, { method: 'PUT', body: JSON.stringify(body) });
    return { data: json };
  },
  async remove(path) {
    await httpClient(`${API}/${path}`, { method: 'DELETE' });
  },
  async upload(file) {
    const form = new FormData();
    form.append('file', file);
    const { json } = await httpClient(`${API}/attachments`, { method: 'POST', body: form });
    return { data: json as AttachmentView };
  },
};

/** An attachment read for display: an object URL, and its type as the api sniffed it from the bytes. */
export interface AttachmentBlob {
  url: string;
  /** `image/…` or `video/…` (the Content-Type of GET /attachments/:id) */
  contentType: string;
}

const blobs = new Map<string, Promise<AttachmentBlob>>();
/** Attachments need the bearer token, so photos and videos are fetched and shown from object URLs (kept per id). */
export function attachmentUrl(id: string): Promise<AttachmentBlob> {
  let url = blobs.get(id);
  if (!url) {
    url = fetch(`${API}/attachments/${id}`, { headers: { Authorization: `Bearer ${session.token() ?? ''}` } }).then(
      async (response) => {
        if (!response.ok) throw problemError(response.status, await response.json().catch(() => null));
        const blob = await response.blob();
        return { url: URL.createObjectURL(blob), contentType: response.headers.get('Content-Type') ?? blob.type };
      },
    );
    url.catch(() => blobs.delete(id));
    blobs.set(id, url);
  }
  return url;
}
