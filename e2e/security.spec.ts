import { expect, test } from "./fixtures";
import { accounts, login } from "./support";

// Secure defaults as the production server (server.js) sends them: headers, the cross-site
// request check, session rotation, and output escaping. See docs/security.md.

test("every page carries the security headers, and every script the CSP nonce", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/login");
  expect(response).not.toBeNull();
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
  expect(nonce, csp).toBeTruthy();
  // Only this site's scripts with the nonce, and WebAssembly compilation for the camera's
  // barcode decoder ('wasm-unsafe-eval' allows no eval() of JavaScript): nothing else.
  expect(scriptSrc.split(/\s+/).sort()).toEqual(["'self'", `'nonce-${nonce}'`, "'wasm-unsafe-eval'", "script-src"].sort());
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).toContain("form-action 'self'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["cache-control"]).toContain("no-store");
  expect(headers["x-powered-by"]).toBeUndefined();
  // The camera (the stock forms' scan field) for this site only; no microphone.
  expect(headers["permissions-policy"]).toBe("camera=(self), microphone=(), geolocation=(self)");

  // Every script in the HTML carries this response's nonce (browsers hide the attribute from the DOM).
  const html = await response!.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  // A second response has another nonce.
  const again = await page.request.get("/login");
  expect(again.headers()["content-security-policy"]).not.toContain(nonce!);

  await login(page, accounts.planner);
  await page.goto("/network");
  expect(violations).toEqual([]);
});

test("a POST from another site is refused before it reaches the app; a same-site one is not", async ({ page, baseURL }) => {
  await login(page, accounts.manager);
  const refused = await page.request.post("/logout", { headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain("Cross-site request refused.");
  // Still signed in: the logout never ran.
  await page.goto("/facilities");
  await expect(page).toHaveURL(/\/facilities$/);
  const sameSite = await page.request.post("/logout", { headers: { Origin: baseURL! }, maxRedirects: 0 });
  expect(sameSite.status()).toBe(302);
  await page.goto("/facilities");
  await expect(page).toHaveURL(/\/login/);
});

test("signing in replaces a session id planted before login", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "albergue_session", value: "planted-by-an-attacker", url: baseURL! }]);
  await login(page, accounts.planner);
  const session = (await context.cookies()).find((c) => c.name === "albergue_session");
  expect(session?.value).toBeTruthy();
  expect(session!.value).not.toContain("planted-by-an-attacker");
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
});

test("a name containing markup is shown as text, never run", async ({ page, baseURL }) => {
  const marker = `x${Date.now().toString(36)}`;
  const name = `<script>window.__xss='${marker}'</script><img src=x onerror="window.__xss='${marker}'">`;
  await login(page, accounts.admin);
  const created = await page.request.post("/admin/users/new", {
    headers: { Origin: baseURL! },
    form: {
      email: `${marker}@example.test`,
      password: "a long enough passphrase 42",
      displayName: name,
      role: "planner",
      preferredLanguage: "es",
    },
    maxRedirects: 0,
  });
  expect(created.status()).toBe(302);
  await page.goto("/admin/users");
  await expect(page.getByRole("cell", { name, exact: true })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
  expect(await page.locator("main img[src='x']").count()).toBe(0);
});
