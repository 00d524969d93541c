// `node -r ./test/e2e/support/run-ts.cjs apps/api/src/main.ts`: runs the sources as they are, compiled by swc
// with the same options as Jest, and the @aftersale/* aliases of tsconfig.base.json. For suites that start
// the api as a separate process (its start-up checks, several api processes sharing Redis).
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');
const tsconfigPaths = require('tsconfig-paths');
const { compilerOptions } = require('../../../tsconfig.base.json');

const root = path.resolve(__dirname, '../../..');
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
tsconfigPaths.register({ baseUrl: root, paths: compilerOptions.paths });
