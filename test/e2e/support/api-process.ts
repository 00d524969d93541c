import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * The api's main.ts as its own process (run from the sources, see run-ts.cjs), with exactly the environment
 * given plus PATH: what an operator's start would see. Ports come from the suite.
 */
export function spawnApi(env: Record<string, string | undefined>, port: number): ApiProcess {
  const child = spawn(process.execPath, ['-r', join(root, 'test/e2e/support/run-ts.cjs'), 'apps/api/src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stderr: () => err,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits until the process answers GET /api/health, or fails with what it printed if it ends first. */
export async function untilListening(api: ApiProcess, timeoutMs = 60000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let ended = false;
  void api.exited.then(() => (ended = true));
  while (Date.now() < until) {
    if (ended) throw new Error(`the api ended before listening: ${api.stderr() || api.stdout()}`);
    const ok = await fetch(`${api.url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the api did not listen within ${timeoutMs} ms: ${api.stderr()}`);
}
