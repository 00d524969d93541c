// The console's build and dev server. `npm run console:dev` serves it on http://localhost:5173 with /api
// proxied to an api (CONSOLE_API_URL, http://localhost:3000 by default, e.g. the one `npm run demo` starts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '@aftersale/contracts': fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    manifest: true,
  },
  server: {
    port: Number(process.env.CONSOLE_DEV_PORT ?? 5173),
    proxy: { '/api': { target: process.env.CONSOLE_API_URL ?? 'http://localhost:3000', changeOrigin: true } },
  },
});
