import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Spells todomvc-app-css's `::input-placeholder` (a draft name no browser shipped) as the
 * standard `::placeholder`: the CSS minifier (lightningcss) otherwise warns about it on every
 * build, a warning nobody can act on. (Here rather than in a module of its own: Vite warns
 * about extensionless imports in its config.)
 */
export function standardPlaceholder(): Plugin {
  const todoMvcCss = /[\\/]todomvc-app-css[\\/]index\.css$/;
  return {
    name: 'todomvc-standard-placeholder',
    enforce: 'pre',
    transform(code, id) {
      if (!todoMvcCss.test(id.split('?')[0] ?? id)) return undefined;
      return { code: code.replaceAll('::input-placeholder', '::placeholder'), map: null };
    },
  };
}

/** The API's mount path: never answered from a cache, never given the app shell. */
const API_PATH = /^\/trpc(\/|$)/;

// The UI is built into client/dist, which `npm start` serves and the CDK stack uploads.
export default defineConfig({
  root: import.meta.dirname,
  resolve: {
    // Preact runs the UI through its React compatibility layer (decision 045): our code and the
    // libraries (TanStack DB/Query/Virtual, react-oidc-context) import `react`, and get
    // preact/compat. Exact matches only, so `react-oidc-context` and the like stay themselves.
    alias: [
      { find: /^react$/, replacement: 'preact/compat' },
      { find: /^react-dom$/, replacement: 'preact/compat' },
      { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
      { find: /^react\/jsx-runtime$/, replacement: 'preact/compat/jsx-runtime' },
      { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/compat/jsx-dev-runtime' },
    ],
  },
  plugins: [
    standardPlaceholder(),
    // The JSX transform (automatic runtime, `react/jsx-runtime`, aliased above). No Fast Refresh:
    // React's refresh runtime cannot update Preact components (an edit would be "hot updated"
    // and not shown), so in `vite dev` a changed component reloads the page instead.
    react({ refreshExclude: /./ }),
    // A service worker (Workbox, generated at build time) that keeps the app shell — index.html
    // and every built script and stylesheet — so the app opens with no network at all
    // (decision 044). Registered by main.tsx in production builds only; never in `vite dev`.
    VitePWA({
      strategies: 'generateSW',
      // main.tsx registers /sw.js itself (no inline script: the CSP allows none).
      injectRegister: false,
      // No install prompt or icons: only offline start-up is wanted.
      manifest: false,
      filename: 'sw.js',
      workbox: {
        // The whole build (a few hundred KB): every chunk, so lazy ones also load offline.
        globPatterns: ['**/*.{js,css,html}'],
        // One file, no second script to fetch (importScripts) at install.
        inlineWorkboxRuntime: true,
        // Every navigation gets the cached index.html (client-side routes, the OIDC callback
        // `/?code=…`), except the API.
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [API_PATH],
        // A new deploy takes over at once: the new worker precaches the new build in the
        // background, activates without waiting for old tabs, drops the old build's cache,
        // and controls open tabs, which keep running the scripts they loaded; the next load
        // is the new version (main.tsx reloads once if a lazy chunk of the old one is gone).
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        // The site's settings (identity provider, client id) are needed to start: fresh from the
        // network when there is one, the last copy when offline. Nothing else is cached at run
        // time: not /trpc (the data layer keeps its own copy), not the identity provider
        // (another origin; tokens never go into a cache).
        runtimeCaching: [
          {
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname === '/config.json',
            handler: 'NetworkFirst',
            options: { cacheName: 'site-config', networkTimeoutSeconds: 5 },
          },
        ],
      },
    }),
  ],
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    // No source maps in the deployed site: they would publish the original sources.
    sourcemap: false,
    // Two chunks: what the signed-out page and the sign-in round trip need (Preact through
    // preact/compat ~9 KB gzip, where React was ~67 KB; oidc-client-ts, the config; ~35 KB gzip)
    // and the signed-in app (TanStack DB ~250 KB minified, TanStack Query, the tRPC client, the
    // virtual list; ~126 KB gzip), loaded only with a session. ~161 KB gzip in all.
    // Sizes per dependency, against the budget: `npx tsx bench/bundle-size.ts` (issue 10).
    chunkSizeWarningLimit: 500,
  },
});
