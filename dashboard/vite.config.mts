/**
 * The admin dashboard's build (`npm run build:dashboard`, run by `npm install` through the root
 * `prepare` script) and dev server (`npm run dashboard:dev`, proxying the API on :4000).
 * The output in dashboard/dist is what the API serves at `/` (src/server/dashboard.routes.ts).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.LEARNMETRICS_API ?? 'http://localhost:4000';

export default defineConfig({
  root,
  // Absolute asset URLs: the page is served at `/` and its files under /assets/.
  base: '/',
  // No plugin: Vite's own transform (oxc) compiles TSX with React's automatic runtime, read from
  // tsconfig.json's "jsx": "react-jsx". @vitejs/plugin-react would add Fast Refresh in dev only.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Chromium, Firefox and Safari of the last few years; the admins' laptops and phones.
    target: 'es2022',
    // One chart library and React: a single ~600 kB (180 kB gzipped) bundle is fine for an admin app.
    chunkSizeWarningLimit: 1000,
    reportCompressedSize: false,
  },
  server: {
    port: 4173,
    proxy: { '/graphql': api, '/export': api },
  },
});
