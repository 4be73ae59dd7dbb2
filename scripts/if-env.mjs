#!/usr/bin/env node
// Runs a command only when an environment variable is set, for steps that need an outside
// service: `node scripts/if-env.mjs TEST_DATABASE_URL vitest run --project integration-postgres`.
// Without the variable it prints one line saying what was skipped and exits 0; with it, it
// runs the command (no shell, binaries found in node_modules/.bin first) and exits with its code.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const [variable, command, ...args] = process.argv.slice(2);
if (!variable || !command) {
  console.error("usage: node scripts/if-env.mjs VAR command [args...]");
  process.exit(2);
}

if (!process.env[variable]) {
  console.log(`skipped (${variable} is not set): ${[command, ...args].join(" ")}`);
  process.exit(0);
}

const binDir = path.resolve("node_modules", ".bin");
const local = path.join(binDir, command);
const executable = !command.includes("/") && !command.includes("\\") && existsSync(local) ? local : command;

const child = spawn(executable, args, {
  stdio: "inherit",
  shell: false,
  env: { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}` },
});

// Ctrl-C and a CI runner's SIGTERM reach the command rather than orphaning it.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}

child.on("error", (error) => {
  console.error(`could not run ${command}: ${error.message}`);
  process.exit(127);
});

child.on("exit", (code, signal) => {
  if (signal) {
    // Die of the same signal so the caller sees the real cause.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
