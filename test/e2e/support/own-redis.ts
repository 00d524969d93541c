import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from './free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { eventually } from './fixtures';

/**
 * A redis-server of the test's own (toolchain: fault tests never stop the shared one), on a free loopback port
 * the operating system picks, with an append-only file fsynced on every write — as production runs Redis — so
 * a crash (SIGKILL) and a restart keep every job it acknowledged.
 */
export interface OwnRedis {
  url: string;
  /** kills the server abruptly, as a crash would, and waits until it is gone */
  crash(): Promise<void>;
  /** starts it again on the same port from the same append-only file, and waits until it answers */
  restart(): Promise<void>;
  /** stops it and removes its files */
  remove(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'aftersale-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push('--appendonly', 'yes', '--appendfsync', 'always', '--maxmemory-policy', 'noeviction');
  const launch = async () => {
    server = spawn('redis-server', args, { stdio: 'ignore' });
    await eventually(() => answers(url));
  };
  const kill = async () => {
    const running = server;
    server = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    url,
    crash: kill,
    restart: launch,
    async remove() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
