import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` proxies the API to a running `fluxrate dev` (FLUXRATE_URL, default :8080);
// the real build is served by `fluxrate web` on the API's own origin.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: { "/api": process.env.FLUXRATE_URL ?? "http://127.0.0.1:8080" },
  },
});
