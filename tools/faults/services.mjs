// The fault suite's own PostgreSQL, Redis, api and worker processes, each on a loopback port of its own, so
// that they can be stopped, killed and restarted without touching the machine's shared services.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export async function until(what, check, timeoutMs = 30000, everyMs = 100) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    let value;
    try {
      value = await check();
    } catch {
      value = undefined;
    }
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

function pgBin(name) {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const path = `/usr/lib/postgresql/${version}/bin/${name}`;
    if (existsSync(path)) return path;
  }
  throw new Error(`${name} not found under /usr/lib/postgresql`);
}

/** initdb and postgres refuse to run as root: run them as the `postgres` user when we are root. */
function asPostgres(command, args) {
  const root = process.getuid?.() === 0;
  return root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function runChecked(command, args, log) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  if (log) log(result.stdout);
  return result;
}

export class Postgres {
  constructor(dir, port) {
    this.dir = join(dir, 'pg');
    this.socketDir = dir;
    this.port = port;
    this.url = `postgres://postgres@127.0.0.1:${port}/aftersale_faults`;
    this.adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    this.log = join(dir, 'postgres.log');
  }

  init() {
    if (process.getuid?.() === 0) chownSync(this.socketDir, uidOf('postgres'), gidOf('postgres'));
    const [cmd, args] = asPostgres(pgBin('initdb'), [
      '-D',
      this.dir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '--no-sync',
      '--no-instructions',
    ]);
    runChecked(cmd, args);
  }

  start() {
    const options = `-p ${this.port} -k ${this.socketDir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=64MB`;
    const [cmd, args] = asPostgres(pgBin('pg_ctl'), ['-D', this.dir, '-l', this.log, '-o', options, '-w', 'start']);
    runChecked(cmd, args);
  }

  /** mode: 'fast' (clean, disconnects clients) or 'immediate' (no checkpoint: crash recovery at the next start) */
  stop(mode = 'fast') {
    const [cmd, args] = asPostgres(pgBin('pg_ctl'), ['-D', this.dir, '-m', mode, '-w', 'stop']);
    spawnSync(cmd, args, { encoding: 'utf8' });
  }
}

function idOf(flag, name) {
  return Number(runChecked('id', [flag, name]).stdout.trim());
}
const uidOf = (name) => idOf('-u', name);
const gidOf = (name) => idOf('-g', name);

export class RedisServer {
  constructor(dir, port) {
    this.dir = join(dir, 'redis');
    mkdirSync(this.dir, { recursive: true });
    this.port = port;
    this.url = `redis://127.0.0.1:${port}`;
    this.process = undefined;
  }

  async start({ aof = true } = {}) {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--appendonly',
      aof ? 'yes' : 'no',
      '--appendfsync',
      'everysec',
      '--maxmemory-policy',
      'noeviction',
    ];
    const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'ignore'] });
    this.process = child;
    await until('redis to answer', () => this.ping(), 15000);
  }

  ping() {
    const result = spawnSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8' });
    return result.stdout.trim() === 'PONG';
  }

  cli(...args) {
    return spawnSync('redis-cli', ['-p', String(this.port), ...args], { encoding: 'utf8' }).stdout.trim();
  }

  /** SIGKILL: what survives is what the AOF holds (everysec: up to a second may be lost). */
  async kill() {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Everything gone: the data files removed, as after losing the machine. */
  wipe() {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }
}

/** The api or the worker from the production build (dist/), as a child process that can be killed for real. */
export class AppProcess {
  constructor(name, script, env, logDir) {
    this.name = name;
    this.script = script;
    this.env = env;
    this.logFile = join(logDir, `${name}.log`);
    this.process = undefined;
    this.starts = 0;
  }

  start(extraEnv = {}) {
    this.starts++;
    const out = createWriteStream(this.logFile, { flags: 'a' });
    // nodeArgs: flags for node itself (the bench's --cpu-prof, which NODE_OPTIONS does not take)
    const child = spawn('node', [...(this.nodeArgs ?? []), '-r', 'tsconfig-paths/register', this.script], {
      env: { ...this.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // both streams into one file: neither ends it (the first to end would, and the other's last lines be lost)
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('close', () => out.end());
    this.process = child;
    return child;
  }

  get running() {
    return this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null;
  }

  async signal(signal) {
    const child = this.process;
    if (!child || !this.running) return;
    if (signal === 'SIGSTOP' || signal === 'SIGCONT') return void child.kill(signal);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await Promise.race([exited, sleep(20000)]);
    if (this.running) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  kill() {
    return this.signal('SIGKILL');
  }

  stop() {
    return this.signal('SIGTERM');
  }
}
