import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const api = process.env.ASHAR_API_URL ?? 'http://localhost:3000';

// The API serves dist/apps/web at `/`; in dev mode Vite serves the sources with hot reload and
// forwards everything that belongs to the API.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  // The shared libraries the client uses (pure TypeScript, no Node API), from their sources.
  resolve: { alias: { '@ashar/time-zone': `${repoRoot}libs/time-zone/src/index.ts` } },
  build: {
    outDir: `${repoRoot}dist/apps/web`,
    emptyOutDir: true,
    target: 'es2020',
    reportCompressedSize: false,
    rollupOptions: {
      output: {
        // Name language chunks after their language so the size report is readable.
        chunkFileNames: (chunk) => {
          const locale = /locales\/(\w+)\/(\w+)\.json$/.exec(chunk.facadeModuleId ?? '');
          return locale ? `assets/locale-${locale[1]}-${locale[2]}-[hash].js` : 'assets/[name]-[hash].js';
        },
      },
    },
  },
  server: {
    fs: { allow: [repoRoot] },
    proxy: {
      '/graphql': api,
      '/socket.io': { target: api, ws: true },
      '/health': api,
      '^/events/[^/]+\\.ics$': api,
      '^/materials/[^/]+/files': api,
    },
  },
});
