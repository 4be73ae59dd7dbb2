// Run by `npm install`/`npm ci` (postinstall). Mends a crash in the `postgres` driver 3.4.x
// that its maintainers have not released a fix for (porsager/postgres#1154, #1208; the guard
// of pull requests #1168/#1209): when PostgreSQL closes a connection while a small write is
// buffered, a deferred `nextWrite` calls `socket.write` on a null socket and the uncaught
// TypeError kills the whole app server. The soak test found it by restarting PostgreSQL.
// The mend: a write on a closed connection rejects its query with CONNECTION_CLOSED (which
// the app answers with 503), and closing a connection drops the buffered write of the dead
// socket so that the reconnected one starts clean.
// Idempotent; it stops the install with a message if the driver's code has changed, so that
// an upgrade is looked at (and this script deleted once the fix is released).
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const MARK = "/* albergue: patched by scripts/patch-postgres.mjs */";
const edits = [
  [
    "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)",
    `  function nextWrite(fn) {\n    ${MARK}\n    if (!socket) {\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
  ],
  ["    clearImmediate(nextWriteTimer)\n    socket.removeListener('data', data)", "    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    socket.removeListener('data', data)"],
  ["    clearImmediate(nextWriteTimer)\n    if (socket) {", "    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    if (socket) {"],
];

for (const file of ["node_modules/postgres/src/connection.js", "node_modules/postgres/cjs/src/connection.js"]) {
  if (!existsSync(file)) continue;
  let source = readFileSync(file, "utf8");
  if (source.includes(MARK)) continue;
  for (const [before, after] of edits) {
    if (source.split(before).length !== 2) {
      console.error(`patch-postgres: ${file} is not the code this patch was written for; check whether the driver fixed its null-socket write (porsager/postgres#1208) and update or remove scripts/patch-postgres.mjs.`);
      process.exit(1);
    }
    source = source.replace(before, after);
  }
  writeFileSync(file, source);
  console.log(`patch-postgres: patched ${file}`);
}
