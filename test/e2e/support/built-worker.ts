import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const outDir = join(root, 'tmp', 'built');

/**
 * Compiles the apps the way `npm run build` does (tsconfig.build.json), into tmp/built so a developer's
 * dist/ is left alone; incremental, so a second run only checks. Returns the worker's entry point.
 */
export function buildWorker(): string {
  mkdirSync(outDir, { recursive: true });
  const tsc = spawnSync(
    'npx',
    ['tsc', '-p', 'tsconfig.build.json', '--outDir', outDir, '--tsBuildInfoFile', join(outDir, '.tsbuildinfo')],
    { cwd: root, encoding: 'utf8' },
  );
  if (tsc.status !== 0) throw new Error(`build failed:\n${tsc.stdout}\n${tsc.stderr}`);
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
  const paths = Object.fromEntries(
    Object.entries(compilerOptions.paths as Record<string, string[]>).map(([alias, targets]) => [
      alias,
      targets.map((t) => t.replace(/\.ts$/, '')),
    ]),
  );
  writeFileSync(join(outDir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths } }));
  return join(outDir, 'apps', 'worker', 'src', 'main.js');
}

export interface WorkerProcess {
  child: ChildProcess;
  /** every JSON log line so far */
  lines: Record<string, any>[];
  waitForLine(match: (line: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  exited: Promise<number | null>;
}

/** Starts the built worker as its own process, collecting its JSON log lines from stdout. */
export function spawnWorker(main: string, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', main], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: join(outDir, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, any>[] = [];
  const listeners = new Set<() => void>();
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        lines.push(JSON.parse(text));
      } catch {
        lines.push({ text });
      }
    }
    listeners.forEach((listener) => listener());
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    waitForLine(match, timeoutMs = 15000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find(match);
          if (line) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(line);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no such worker log line in time; stderr:\n${stderr.slice(-2000)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}
