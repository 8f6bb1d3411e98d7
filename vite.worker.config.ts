// Production build of the scheduled-work entry points: `npm run build` writes build/worker/worker.js (the
// long-running worker) and build/worker/tick.js (the one-shot tick) next to the Remix server build, and
// `npm run worker` / `npm run tick` run them with Node alone, so a production install needs no dev dependencies
// (tsx). Dependencies stay external (imported from node_modules at run time), as in the server build.
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  publicDir: false,
  build: {
    ssr: true,
    outDir: "build/worker",
    emptyOutDir: true,
    target: "node20",
    sourcemap: true,
    rollupOptions: {
      input: {
        worker: "app/scheduler/worker.ts",
        tick: "app/scheduler/tick.ts",
        "charges-plan": "app/scheduler/charges-plan.ts",
      },
      output: { format: "es", entryFileNames: "[name].js" },
    },
  },
});
