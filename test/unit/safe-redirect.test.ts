import { safeRedirect } from "~/lib/auth.server";

describe("safeRedirect", () => {
  it("keeps paths on this site, with their query string", () => {
    expect(safeRedirect("/facilities/SVC")).toBe("/facilities/SVC");
    expect(safeRedirect("/admin/audit?entity=user")).toBe("/admin/audit?entity=user");
    // What requireUser puts in redirectTo is already percent-encoded.
    const here = new URL("http://localhost/facilities?q=San Vicente");
    expect(safeRedirect(`${here.pathname}${here.search}`)).toBe("/facilities?q=San%20Vicente");
  });

  it("only ever returns a target that a browser resolves on this site", () => {
    const base = "https://albergue.example/login";
    for (const target of ["//evil.com", "/\\evil.com", "/\t/evil.com", "/\n\n/evil.com", "/./\t/evil.com", "/facilities/SVC"]) {
      expect(new URL(safeRedirect(target), base).host).toBe("albergue.example");
    }
  });

  it.each([
    ["a protocol-relative URL", "//evil.com"],
    ["a protocol-relative URL with a path", "//evil.com/login"],
    ["an absolute URL", "https://x"],
    ["a backslash the browser turns into //", "/\\evil"],
    // Browsers drop tabs and line breaks inside a URL, so these become //evil.com.
    ["a tab hidden between the slashes", "/\t/evil.com"],
    ["a line feed hidden between the slashes", "/\n/evil.com"],
    ["a carriage return hidden between the slashes", "/\r/evil.com"],
    ["a backslash anywhere (browsers read it as a slash)", "/facilities\\SVC"],
    ["a relative path", "facilities"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["an empty value", ""],
  ])("refuses %s", (_label, target) => {
    expect(safeRedirect(target)).toBe("/");
  });

  it("falls back when nothing usable is given", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect(new File(["x"], "x.txt"))).toBe("/");
    expect(safeRedirect("https://x", "/facilities")).toBe("/facilities");
  });
});
