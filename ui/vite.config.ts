import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  // Vitest runs with mode "test"; without the browser condition Svelte resolves
  // to its server build and components cannot mount in jsdom.
  resolve: mode === "test" ? { conditions: ["browser"] } : {},
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The window runs under `default-src 'self'`: every asset must be a file,
    // never an inlined data: URI or an inline <script>/<style>.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    target: "es2022",
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
  },
}));
