import { expect, test, type Page } from "./fixtures";
import { accounts, expectNoAxeViolations, login } from "./support";

// Runs after the read-only tests (see playwright.config.ts): it registers a case at San Vicente
// and gives a vaccine dose from San Vicente's stock.

const monthsAgo = (months: number) => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};

async function usableDoses(page: Page, itemCode: string): Promise<number> {
  await page.goto("/facilities/SVC/stock");
  const row = page.locator("main table tbody tr", { hasText: itemCode }).first();
  const text = await row.locator("td").first().innerText();
  return Number(text.replace(/[^\d]/g, ""));
}

test("a health worker registers a child, screens MAM, vaccinates from stock, and prints the summary in Haitian Creole; planners and managers cannot see the case", async ({
  page,
  browser,
}) => {
  // One long journey across three accounts and a dozen pages, each checked with axe: on a loaded
  // 2-core CI machine it takes about a minute, so it gets three times the default.
  test.slow();
  const name = `Niña E2E ${Date.now().toString(36)}`;
  await login(page, accounts.health);

  const before = await usableDoses(page, "VAC-MR");
  expect(before, "San Vicente needs usable MR doses for this test").toBeGreaterThan(0);
  await expectNoAxeViolations(page);

  // Registration.
  await page.goto("/facilities/SVC/care/new");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registrar un caso");
  const form = page.locator("main form");
  await form.getByLabel("Nombre (opcional)").fill(name);
  await form.getByLabel("Sexo").selectOption("female");
  await form.getByLabel("Fecha de nacimiento").fill(monthsAgo(18));
  await expectNoAxeViolations(page);
  await form.getByRole("button", { name: "Registrar", exact: true }).click();
  await expect(page.getByTestId("flash")).toContainText("registrado");
  const code = /Caso ([A-HJ-NP-Z2-9]{8}) registrado/.exec(await page.getByTestId("flash").innerText())?.[1];
  expect(code).toBeTruthy();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(code!);
  await expectNoAxeViolations(page);

  // MUAC screening: 118 mm at 18 months is MAM, shown as it is typed.
  const child = page.locator("main form", { has: page.getByRole("button", { name: "Guardar atención" }) }).first();
  await child.getByLabel("Peso (kg)").fill("9.2");
  await child.getByLabel("Talla o longitud (cm)").fill("78");
  await child.getByLabel("Perímetro braquial, PB (mm)").fill("118");
  await expect(child.getByText("Desnutrición aguda moderada (DAM)")).toBeVisible();
  await child.getByRole("button", { name: "Guardar atención" }).click();
  await expect(page.getByTestId("flash")).toContainText("Atención registrada");
  await expectNoAxeViolations(page);

  // Vaccination: one MR dose, drawn from San Vicente's stock.
  await page.getByRole("link", { name: "Vacunar" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vacunar");
  await expectNoAxeViolations(page);
  const vaccinate = page.locator("main form", { has: page.getByRole("button", { name: "Registrar", exact: true }) }).first();
  await vaccinate.getByLabel("Vacuna", { exact: true }).selectOption("VAC-MR");
  await vaccinate.getByLabel("Número de dosis").fill("1");
  await vaccinate.getByRole("button", { name: "Registrar", exact: true }).click();
  await expect(page.getByTestId("flash")).toContainText(/Dosis 1 de .* registrada/);
  await expectNoAxeViolations(page);

  // The stock page shows one dose fewer.
  expect(await usableDoses(page, "VAC-MR")).toBe(before - 1);
  await expectNoAxeViolations(page);

  // The summary card, switched to Haitian Creole.
  await page.goto(`/facilities/SVC/care/${code}/summary`);
  await expect(page.getByTestId("care-summary")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Kreyòl ayisyen" }).click();
  await expect(page).toHaveURL(/\?lang=ht$/);
  const card = page.getByTestId("care-summary");
  await expect(card.getByRole("heading", { level: 1 })).toHaveText("Rezime swen");
  await expect(card).toHaveAttribute("lang", "ht");
  await expect(card.getByTestId("case-code")).toHaveText(code!);
  await expect(card.getByTestId("nutrition-status")).toHaveText("Malnitrisyon egi modere (MAM)");
  await expect(card.getByTestId("review-pending")).toHaveText("Tradiksyon an poko revize.");
  await expect(card.getByRole("table").first()).toContainText("Lo");
  await expectNoAxeViolations(page);
  // Printed, only the card remains: the application's header is hidden.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("body > div > header")).toBeHidden();
  await expect(card).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  // A planner sees aggregates, never the case.
  const plannerContext = await browser.newContext();
  const planner = await plannerContext.newPage();
  await login(planner, accounts.planner);
  for (const path of [`/facilities/SVC/care/${code}`, `/facilities/SVC/care/${code}/summary`, "/facilities/SVC/care/followup"]) {
    const response = await planner.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(planner.locator("main")).not.toContainText(name);
    await expectNoAxeViolations(planner);
  }
  await planner.goto("/care/aggregates");
  await expect(planner.getByRole("heading", { level: 1 })).toHaveText("Atención en salud: cifras agregadas");
  await expect(planner.locator("main")).not.toContainText(code!);
  await expect(planner.locator("main")).not.toContainText(name);
  await expectNoAxeViolations(planner);
  await plannerContext.close();

  // San Vicente's manager has no access to care records: neither the case nor the care list.
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await login(manager, accounts.manager);
  for (const path of [`/facilities/SVC/care/${code}`, `/facilities/SVC/care?q=${code}`]) {
    const response = await manager.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(manager.locator("main")).not.toContainText(name);
    await expectNoAxeViolations(manager);
  }
  await managerContext.close();

  // The follow-up list shows the MAM child, due in a week.
  await page.goto("/facilities/SVC/care/followup");
  await expect(page.locator("main table tr", { hasText: code! })).toContainText("DAM: control semanal");
  await expectNoAxeViolations(page);
});
