import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The demo accounts seeded by db/seed.server.ts (ALBERGUE_DEMO=1). */
export const DEMO_PASSWORD = "albergue-demo";
export const accounts = {
  admin: "admin@albergue.demo",
  planner: "planner@albergue.demo",
  manager: "manager@albergue.demo",
  health: "health@albergue.demo",
  warehouse: "warehouse@albergue.demo",
} as const;

/** Every demo facility code, in the order the list shows them (by code). */
export const allFacilityCodes = ["ALM", "BCH", "LBL", "LPG", "SVC"];

const emailLabel = /^(Correo electrónico|Email)$/;
const passwordLabel = /^(Contraseña|Password)$/;
const submitName = /^(Entrar|Sign in)$/;
const logoutName = /^(Cerrar sesión|Sign out)$/;

/**
 * Signs in through the login page (checking that page for accessibility on the way) and waits
 * until the signed-in shell is shown. Works whichever language the login page is in.
 */
export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  if (!new URL(page.url(), "http://x").pathname.startsWith("/login")) await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^(Iniciar sesión|Sign in)$/);
  await expectNoAxeViolations(page);
  await page.getByLabel(emailLabel).fill(email);
  await page.getByLabel(passwordLabel).fill(password);
  await page.getByRole("button", { name: submitName }).click();
  await expect(page.getByRole("button", { name: logoutName })).toBeVisible();
  await expect(page).not.toHaveURL(/\/login/);
}

export async function logout(page: Page) {
  await page.getByRole("button", { name: logoutName }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** The main navigation's links, by their visible names. */
export function mainNavLinks(page: Page) {
  return page.getByRole("navigation", { name: /^(Navegación principal|Main navigation)$/ }).getByRole("link");
}

const pagesWithoutJavaScript = new WeakSet<Page>();

/** Declares that the page's context has `javaScriptEnabled: false`, for the axe checks. */
export function markJavaScriptOff(page: Page) {
  pagesWithoutJavaScript.add(page);
}

/** Runs axe on the page as it is now and fails on any violation, listing each one. */
export async function expectNoAxeViolations(page: Page) {
  const results = pagesWithoutJavaScript.has(page)
    ? await analyzeWithoutJavaScript(page)
    : await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? "?"}): ${violation.help}\n` +
      violation.nodes.map((node) => `    ${node.target.join(" ")}: ${node.failureSummary ?? ""}`).join("\n"),
  );
  expect(summary, `accessibility violations on ${page.url()}`).toEqual([]);
}

/**
 * axe needs JavaScript, which the page has not got: check the very document that page shows,
 * loaded at the same address (so styles apply) in a scratch page that has JavaScript but
 * never runs the app's own scripts.
 */
async function analyzeWithoutJavaScript(page: Page) {
  const html = await page.content();
  const url = page.url();
  const browser = page.context().browser();
  if (!browser) throw new Error("no browser to run axe in");
  // Inside a test, new contexts inherit the test's options: switch JavaScript back on.
  const scratch = await browser.newContext({ javaScriptEnabled: true });
  try {
    const checker = await scratch.newPage();
    await checker.route(/\/build\/.*\.js(\?.*)?$/, (route) => route.abort());
    await checker.route((address) => address.href === url, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
    await checker.goto(url);
    return await new AxeBuilder({ page: checker }).analyze();
  } finally {
    await scratch.close();
  }
}
