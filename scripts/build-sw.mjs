// Bundles the service worker (app/sw.ts, Workbox modules) into public/sw.js, served at the
// site's root so its scope is the whole site (docs/decisions/019-offline-outbox.md).
import { build } from "esbuild";

await build({
  entryPoints: ["app/sw.ts"],
  outfile: "public/sw.js",
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  // Workbox prints its development logs unless told this is production.
  define: { "process.env.NODE_ENV": '"production"' },
  alias: { "~": "./app" },
  logLevel: "warning",
});
