import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The bundle is built into the Django package so the Python wheel ships it; Django serves it
// at "/" (index.html for every client route) and its hashed files under /_app/ (whitenoise).
const outDir = path.resolve(import.meta.dirname, "../orchestrator_site/webui/dist");
const backend = process.env.ORCHESTRATOR_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "src") } },
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: "_app",
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: "es" },
  server: {
    proxy: { "/api": backend, "/admin": backend, "/static": backend },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    css: false,
  },
});
