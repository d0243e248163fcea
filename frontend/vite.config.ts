import { fileURLToPath, URL } from "node:url";

import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Everything Django serves; the dev server forwards it so the SPA stays same-origin
// (session and CSRF cookies work exactly as they do behind Django in production).
// A regex, not a plain prefix: Vite matches plain keys with startsWith, so "/api" would
// also swallow an SPA route like "/api-keys" and "/in" would swallow "/invite".
const backendPaths = "^/(api|in|healthz|readyz|admin|static)(/|\\?|$)";
const backend = process.env.HOOKLANE_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  base: "/",
  plugins: [react()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  server: {
    // No changeOrigin: Django's CSRF check compares the Origin header with the Host it
    // sees, so the proxied request must keep the browser's Host.
    proxy: { [backendPaths]: { target: backend } },
  },
  build: {
    outDir: "dist",
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/testing/setup.ts"],
    css: false,
    restoreMocks: true,
    unstubGlobals: true,
    // Typing into forms with user-event is slow on a busy 2-core CI machine.
    testTimeout: 20_000,
  },
});
