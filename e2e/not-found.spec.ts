import { expect, test } from "./fixtures";
import { accounts, expectNoAxeViolations, login, mainNavLinks } from "./support";

test("an unknown address shows the 404 page inside the shell", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("banner").getByRole("link", { name: "Albergue" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Página no encontrada");
  await expect(page.getByText("La página que busca no existe o fue movida.")).toBeVisible();
  // Signed out: no navigation.
  await expect(page.getByRole("navigation")).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("a signed-in user's 404 keeps the navigation", async ({ page }) => {
  await login(page, accounts.planner);

  const unknownPath = await page.goto("/reports/nothing/here");
  expect(unknownPath?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Página no encontrada");
  await expect(page.getByRole("banner").getByRole("link", { name: "Albergue" })).toBeVisible();
  await expect(mainNavLinks(page)).toHaveText(["Planificación", "Escenarios", "Estado de la red", "Red de instalaciones", "Alertas"]);
  await expectNoAxeViolations(page);

  // A facility code that does not exist is a 404 too, not a 403 or an error.
  const unknownFacility = await page.goto("/facilities/ZZZ9");
  expect(unknownFacility?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Página no encontrada");
  await expect(mainNavLinks(page)).toHaveText(["Planificación", "Escenarios", "Estado de la red", "Red de instalaciones", "Alertas"]);
  await expectNoAxeViolations(page);

  // The way out works.
  await page.getByRole("link", { name: "Ir al inicio" }).click();
  await expect(page).toHaveURL(/\/planning$/);
});
