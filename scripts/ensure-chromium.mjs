#!/usr/bin/env node
// Makes sure a Chromium for the browser tests is installed. Playwright cannot download its
// own browsers here, so the tests use the system Chromium (Debian's `chromium` package) at
// /usr/bin/chromium, or wherever CHROMIUM_PATH points.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

if (existsSync(chromium)) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const aptGet = ["/usr/bin/apt-get", "/bin/apt-get"].find((candidate) => existsSync(candidate));

if (!isRoot || !aptGet) {
  console.error(
    `Chromium was not found at ${chromium}. Install it before running the browser tests:\n` +
      "  Debian/Ubuntu: sudo apt-get install -y chromium\n" +
      "or point CHROMIUM_PATH at an existing Chromium or Chrome binary.",
  );
  process.exit(1);
}

// Wait for another apt process (for example an install already running) instead of failing.
const aptOptions = ["-o", "DPkg::Lock::Timeout=600"];
const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
function apt(...args) {
  console.log(`ensure-chromium: apt-get ${args.join(" ")}`);
  return spawnSync(aptGet, [...aptOptions, ...args], { stdio: "inherit", env: aptEnv }).status === 0;
}

if (!apt("install", "-y", "chromium")) {
  // A fresh machine often has no package lists yet.
  if (!apt("update") || !apt("install", "-y", "chromium")) {
    console.error("ensure-chromium: `apt-get install -y chromium` failed; install Chromium by hand.");
    process.exit(1);
  }
}

if (!existsSync(chromium)) {
  console.error(`ensure-chromium: chromium was installed but ${chromium} does not exist; set CHROMIUM_PATH.`);
  process.exit(1);
}
console.log(`ensure-chromium: installed ${chromium}`);
