import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/** @type {import("@sveltejs/vite-plugin-svelte").SvelteConfig} */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    runes: true,
  },
  // emitCss (the plugin's default) sends component styles to the emitted .css
  // file: the window's CSP (style-src 'self') forbids inline <style>.
};
