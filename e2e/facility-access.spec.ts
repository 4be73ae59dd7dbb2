import { expect, test, type Page } from "./fixtures";
import { accounts, allFacilityCodes, expectNoAxeViolations, login } from "./support";

/** The codes in the facility list's first column. */
function listedCodes(page: Page) {
  return page.getByRole("table").locator("tbody tr td:first-child");
}

test("a shelter manager lists only the facilities they belong to", async ({ page }) => {
  await login(page, accounts.manager);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Instalaciones");
  await expect(listedCodes(page)).toHaveText(["LBL", "SVC"]);
  await expect(page.getByRole("link", { name: "Bajo Chiquito" })).toHaveCount(0);
  // Managers do not manage the facility list itself.
  await expect(page.getByRole("link", { name: "Nueva instalación" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("a planner lists every facility", async ({ page }) => {
  await login(page, accounts.planner);
  // Planners start on the network status page; the facility list is one click away.
  await page.getByRole("link", { name: "Red de instalaciones" }).click();
  await expect(listedCodes(page)).toHaveText(allFacilityCodes);
  await expectNoAxeViolations(page);
});

test("a shelter manager opens their own facility but gets 403 for another", async ({ page }) => {
  await login(page, accounts.manager);

  await page.getByRole("link", { name: "San Vicente" }).click();
  await expect(page).toHaveURL(/\/facilities\/SVC$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("San Vicente SVC");
  await expect(page.getByRole("definition").filter({ hasText: "544" })).toBeVisible();
  await expectNoAxeViolations(page);

  const direct = await page.goto("/facilities/SVC");
  expect(direct?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("San Vicente SVC");

  const refused = await page.goto("/facilities/BCH");
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acceso denegado");
  await expect(page.getByText("Bajo Chiquito")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Mis instalaciones" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a health worker gets 403 for a facility outside their membership", async ({ page }) => {
  await login(page, accounts.health);
  await expect(listedCodes(page)).toHaveText(["SVC"]);
  const refused = await page.goto("/facilities/LBL");
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acceso denegado");
  await expect(page.getByText("Lajas Blancas")).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("a signed-out visitor is sent to the login page and back to the page they asked for", async ({ page }) => {
  await page.goto("/facilities/SVC");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Ffacilities%2FSVC$/);
  await expect(page.getByText("San Vicente")).toHaveCount(0);
  await login(page, accounts.manager);
  await expect(page).toHaveURL(/\/facilities\/SVC$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("San Vicente SVC");
  await expectNoAxeViolations(page);
});
