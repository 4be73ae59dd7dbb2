import { readFileSync } from "node:fs";
import path from "node:path";
import { matrixMarkdown, withMatrix } from "../support/access-matrix";
import { repoRoot } from "../support/paths";

describe("docs/security.md", () => {
  const doc = readFileSync(path.join(repoRoot, "docs", "security.md"), "utf8");

  it("holds the access matrix exactly as test/support/access-matrix.ts generates it (npm run docs:security)", () => {
    expect(doc).toContain(matrixMarkdown());
    expect(withMatrix(doc)).toBe(doc);
  });
});
