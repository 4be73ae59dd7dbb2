// Writes the access matrix (test/support/access-matrix.ts) into docs/security.md between its
// markers: `npm run docs:security`. test/unit/security-doc.test.ts fails when the two differ.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { withMatrix } from "../test/support/access-matrix";

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "docs", "security.md");
const before = readFileSync(file, "utf8");
const after = withMatrix(before);
if (after === before) {
  console.log("docs/security.md: the access matrix is up to date.");
} else {
  writeFileSync(file, after);
  console.log("docs/security.md: access matrix rewritten.");
}
