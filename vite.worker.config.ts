// Production build of the background worker: `npm run build` writes build/worker/worker.js next to the Remix
// server build, and `npm run worker` runs it with Node alone, so a production install needs no dev dependencies
// (tsx). Dependencies stay external (imported from node_modules at run time), as in the server build.
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  publicDir: false,
  build: {
    ssr: "app/scheduler/worker.ts",
    outDir: "build/worker",
    emptyOutDir: true,
    target: "node20",
    sourcemap: true,
    rollupOptions: { output: { format: "es", entryFileNames: "worker.js" } },
  },
});
