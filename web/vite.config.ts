import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` proxies the API to a running `fluxrate dev` (FLUXRATE_URL, default :8080);
// the real build is served by `fluxrate web` on the API's own origin. Two pages share one
// build and its components: the dashboard (index.html) and the customer portal (portal.html,
// which the subscriptions service serves at /portal with the org's framing policy).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500,
    rolldownOptions: { input: { dashboard: resolve(import.meta.dirname, "index.html"), portal: resolve(import.meta.dirname, "portal.html") } },
  },
  server: {
    proxy: { "/api": process.env.FLUXRATE_URL ?? "http://127.0.0.1:8080" },
  },
});
