import { DynamicModule, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express, NextFunction, Request, Response } from 'express';
import { static as serveStatic } from 'express';
import { existsSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { ServerConfig } from '@aftersale/server/messaging';

/**
 * Paths the console never answers: the api itself, Prometheus and bull-board. An unknown `/api/...` stays the
 * api's JSON 404 problem, never the console's index.html.
 */
export const CONSOLE_EXCLUDED_PATHS = /^\/(api|metrics|ops\/bull)(\/|$)/;

const CONSOLE_DIRECTORY = Symbol('CONSOLE_DIRECTORY');

/** Where the console's build is: `CONSOLE_DIR`, `dist/apps/console` (from the working directory) by default. */
export function consoleDirectory(config: Pick<ServerConfig, 'consoleDir'>): string {
  return resolve(config.consoleDir || join('dist', 'apps', 'console'));
}

/** Without a build the api still runs; `/` says how to get the console instead of a bare 404. */
@Injectable()
class ConsoleNotBuilt implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(CONSOLE_DIRECTORY) private readonly directory: string,
  ) {}

  onModuleInit(): void {
    const directory = this.directory;
    new Logger('Console').warn(`no console build in ${directory}: / says so (run npm run build, or set CONSOLE_DIR)`);
    this.adapterHost.httpAdapter.get('/', (_request: unknown, response: any) => {
      response
        .status(404)
        .type('text/plain')
        .send(
          `The console is not built (looked in ${directory}). Run "npm run build" or set CONSOLE_DIR; ` +
            'the API is at /api/v1 and its documentation at /api/docs.\n',
        );
    });
  }
}

/**
 * The built react-admin console (static files) at `/`, with `index.html` for every other GET outside the
 * excluded paths, so client routes survive a reload. Registered by hand rather than with ServeStaticModule:
 * its error handler turns every error on an excluded path into a 404, so a malformed JSON body sent to the api
 * would be `not-found` instead of `validation-failed` (docs/api.md "Errors").
 */
@Injectable()
class ConsoleStatic implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(CONSOLE_DIRECTORY) private readonly directory: string,
  ) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<Express>();
    const files = serveStatic(this.directory, {
      index: 'index.html',
      setHeaders: (response, path) => {
        // index.html names the current bundles, so it is revalidated; the bundles' names carry their hash
        if (basename(path) === 'index.html') response.setHeader('Cache-Control', 'no-cache');
        else if (path.includes(`${sep}assets${sep}`))
          response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    });
    const index = join(this.directory, 'index.html');
    app.use((request: Request, response: Response, next: NextFunction) => {
      if (CONSOLE_EXCLUDED_PATHS.test(request.path) || (request.method !== 'GET' && request.method !== 'HEAD'))
        return next();
      files(request, response, () => {
        response.setHeader('Cache-Control', 'no-cache');
        response.sendFile(index, (error) => error && next(error));
      });
    });
  }
}

@Module({})
export class ConsoleModule {
  static forRoot(directory: string): DynamicModule {
    const built = existsSync(join(directory, 'index.html'));
    return {
      module: ConsoleModule,
      providers: [{ provide: CONSOLE_DIRECTORY, useValue: directory }, built ? ConsoleStatic : ConsoleNotBuilt],
    };
  }
}
