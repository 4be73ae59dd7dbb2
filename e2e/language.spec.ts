import { expect, test, type Page } from "./fixtures";
import { accounts, expectNoAxeViolations, login, logout, mainNavLinks } from "./support";

// Runs after the other tests (see playwright.config.ts): it changes the health worker's
// saved language, which the navigation test reads in Spanish.

function languageButton(page: Page, name: "Español" | "English") {
  return page.getByRole("banner").getByRole("button", { name, exact: true });
}

test("a signed-out visitor's choice of English is kept in a cookie", async ({ page, context }) => {
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(languageButton(page, "Español")).toHaveAttribute("aria-pressed", "true");

  await languageButton(page, "English").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(languageButton(page, "English")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByLabel("Email", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  await expect(page.getByRole("heading", { name: "Demo accounts" })).toBeVisible();

  // The choice lives in this browser's cookie: a browser without it gets Spanish.
  await context.clearCookies();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Iniciar sesión");
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
});

test("a signed-in user's choice of English is saved on the account", async ({ page, context }) => {
  await login(page, accounts.health);
  await expect(mainNavLinks(page)).toHaveText(["Mis instalaciones", "Alertas"]);

  await languageButton(page, "English").click();
  // The switch returns to the same page, now in English.
  await expect(page).toHaveURL(/\/facilities$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Facilities");
  await expect(mainNavLinks(page)).toHaveText(["My facilities", "Alerts"]);
  await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as Hugo Salud (Health worker)");
  await expect(page.getByRole("columnheader", { name: "Beds" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Facilities");
  await expect(mainNavLinks(page)).toHaveText(["My facilities", "Alerts"]);

  // Sign out, forget this browser's language cookie, sign in again: English comes from the account.
  await logout(page);
  await context.clearCookies();
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Iniciar sesión");
  await login(page, accounts.health);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Facilities");
  await expect(mainNavLinks(page)).toHaveText(["My facilities", "Alerts"]);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  // And back to Spanish.
  await languageButton(page, "Español").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Instalaciones");
  await expect(mainNavLinks(page)).toHaveText(["Mis instalaciones", "Alertas"]);
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
});
