/**
 * Builds the web app into dist/, which the server serves, with a service worker (Workbox, via
 * vite-plugin-pwa) that precaches the app shell and every chunk, so a page reload without network
 * still opens the app, and a document kept on this device (see src/offline/). In development (`npm
 * run dev -w @trepart/web`) the collaboration websocket and the API are proxied to a server on
 * port 3000, and there is no service worker.
 */
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import solid from 'vite-plugin-solid'

const serverUrl = 'http://127.0.0.1:3000'

export default defineConfig({
  plugins: [
    solid(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      // A small registerSW.js (a file, not inline, so a strict CSP can allow it) registers /sw.js:
      // no registration code in the app's bundle.
      injectRegister: 'script-defer',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}'],
        // Client-side routes get the app shell; everything else (the API, the collaboration socket,
        // pages the server renders itself, such as public share pages) goes to the network.
        navigateFallback: '/index.html',
        navigateFallbackAllowlist: [/^\/$/, /^\/(login|signup|account)$/, /^\/(w|d|invite|reset)\/[^/]+$/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      // @trepart/shared (zod schemas for the server, plain helpers for everyone) is not marked
      // side-effect free, and its index re-exports every module. Treat its modules as pure and calls
      // on zod's `z` as pure, so the web app only carries what it uses: without this zod and the
      // API schemas (~80 kB, ~24 kB gzip) land in the home page bundle.
      treeshake: {
        moduleSideEffects: (id) => (/[\\/]packages[\\/]shared[\\/]dist[\\/]/.test(id) ? false : undefined),
        manualPureFunctions: ['z'],
      },
    },
    // The document route is one chunk of Tiptap + ProseMirror + Yjs + y-websocket + y-indexeddb and
    // tables (~620 kB, ~190 kB gzip), loaded only on /d/…; sign-in and the lists do not load it.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      // The server checks the Origin of websocket upgrades against its own URL; the dev server's
      // origin (localhost:5173) is not on that list, so the proxy presents the server's own origin.
      // Development only: never put this proxy in front of a deployed server.
      '/collab': { target: serverUrl, ws: true, rewriteWsOrigin: true },
      '/api': { target: serverUrl },
    },
  },
})
