import { DynamicModule, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';

/**
 * Paths the console never answers: the api itself, Prometheus and bull-board. An unknown `/api/...` stays the
 * api's JSON 404 problem, never the console's index.html.
 */
export const CONSOLE_EXCLUDED_PATHS = ['/api{/*path}', '/metrics{/*path}', '/ops/bull{/*path}'];

/** Where the console's build is: `CONSOLE_DIR`, `dist/apps/console` (from the working directory) by default. */
export function consoleDirectory(): string {
  return resolve(process.env.CONSOLE_DIR || join('dist', 'apps', 'console'));
}

/** Without a build the api still runs; `/` says how to get the console instead of a bare 404. */
@Injectable()
class ConsoleNotBuilt implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const directory = consoleDirectory();
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
 * excluded paths, so client routes survive a reload. The build is looked for once, at start.
 */
@Module({})
export class ConsoleModule {
  static forRoot(directory = consoleDirectory()): DynamicModule {
    if (!existsSync(join(directory, 'index.html'))) return { module: ConsoleModule, providers: [ConsoleNotBuilt] };
    return {
      module: ConsoleModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath: directory,
          exclude: CONSOLE_EXCLUDED_PATHS,
          serveStaticOptions: {
            index: 'index.html',
            setHeaders: (response, path) => {
              // index.html names the current bundles, so it is revalidated; the bundles' names carry their hash
              if (basename(path) === 'index.html') response.setHeader('Cache-Control', 'no-cache');
              else if (path.includes(`${sep}assets${sep}`))
                response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
            },
          },
        }),
      ],
    };
  }
}
