import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The UI is built into client/dist, which `npm start` serves and the CDK stack uploads.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    // No source maps in the deployed site: they would publish the original sources.
    sourcemap: false,
    // @tanstack/db alone is ~256 KB minified, react-dom ~205 KB, oidc-client-ts ~70 KB and
    // @tanstack/react-virtual ~36 KB (the app's own code is ~15 KB): the one bundle is ~230 KB
    // gzipped, and splitting it would not load less on first visit (sign-in runs before anything
    // else is shown).
    chunkSizeWarningLimit: 800,
  },
});
