import { defineConfig } from "vitest/config";

// The UI is served by Tauri from ui/dist; no inline scripts or styles, so the
// strict CSP in tauri.conf.json holds.
export default defineConfig({
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    globals: true,
  },
});
