import { expect, test } from "./fixtures";
import { accounts, login } from "./support";

// Issue 14: what sits in front of the routes (server.js), driven over HTTP against the real
// server: body limits by route class, methods, and the same-origin check. Nothing here writes
// data that other tests read: every refused request is refused before any route runs.

test("bodies over their route's limit are refused before they are read; /healthz keeps answering", async ({ request, baseURL }) => {
  const origin = { Origin: baseURL! };
  // Sign-in and language posts are a few fields: 8 KiB.
  const login = await request.post("/login", { headers: origin, data: "a".repeat(9 * 1024) });
  expect(login.status()).toBe(413);
  const language = await request.post("/language", { headers: origin, data: "a".repeat(9 * 1024) });
  expect(language.status()).toBe(413);
  // Forms: 1 MiB.
  const form = await request.post("/facilities/SVC/arrivals/new", { headers: origin, data: "a".repeat(1100 * 1024) });
  expect(form.status()).toBe(413);
  expect(await form.text()).toContain("1024 KiB");
  expect((await request.get("/healthz")).status()).toBe(200);
});

test("only GET, HEAD and POST reach the routes", async ({ request, baseURL }) => {
  for (const method of ["PUT", "PATCH", "DELETE", "TRACE", "OPTIONS"]) {
    const response = await request.fetch("/login", { method, headers: { Origin: baseURL! } });
    expect(response.status(), method).toBe(405);
    expect(response.headers()["allow"]).toBe("GET, HEAD, POST");
  }
  expect((await request.head("/login")).status()).toBe(200);
});

test("a POST needs a same-origin Origin or Referer, compared by scheme, host and port", async ({ page, baseURL }) => {
  await login(page, accounts.manager);
  const url = new URL(baseURL!);
  const otherScheme = `https://${url.host}`;
  const otherPort = `${url.protocol}//${url.hostname}:${Number(url.port) + 1}`;
  const refused: Record<string, string>[] = [
    {},
    { Origin: "" },
    { Origin: "", Referer: "https://evil.example/page" },
    { Referer: "https://evil.example/page" },
    { Origin: otherScheme },
    { Origin: otherPort },
    { Origin: "null" },
    { Origin: "https://evil.example", Referer: `${baseURL}/facilities` },
  ];
  for (const headers of refused) {
    const response = await page.request.post("/logout", { headers, maxRedirects: 0 });
    expect(response.status(), JSON.stringify(headers)).toBe(403);
  }
  // Still signed in: none of those logouts ran.
  await page.goto("/facilities");
  await expect(page).toHaveURL(/\/facilities$/);
  // A same-origin Referer stands in for a missing Origin.
  const viaReferer = await page.request.post("/logout", { headers: { Referer: `${baseURL}/facilities` }, maxRedirects: 0 });
  expect(viaReferer.status()).toBe(302);
});

test("the API passes the origin check with its bearer token, and only with it", async ({ request }) => {
  const withoutToken = await request.post("/api/v1/facilities/SVC/arrivals", { data: {} });
  expect(withoutToken.status()).toBe(403);
  const withToken = await request.post("/api/v1/facilities/SVC/arrivals", {
    headers: { Authorization: "Bearer alb_not-a-real-token" },
    data: {},
  });
  // Past the origin check, the API itself refuses the unknown token.
  expect(withToken.status()).toBe(401);
});

test("a chunked body without a length is refused", async ({ baseURL }) => {
  const response = await fetch(`${baseURL}/login`, {
    method: "POST",
    headers: { Origin: baseURL!, "Content-Type": "application/x-www-form-urlencoded" },
    body: new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("email=a%40b.c"));
        controller.close();
      },
    }),
    duplex: "half",
  } as RequestInit);
  expect(response.status).toBe(411);
});
