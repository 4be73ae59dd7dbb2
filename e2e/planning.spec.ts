import { expect, test } from "./fixtures";
import { accounts, expectNoAxeViolations, login } from "./support";

// Runs after the read-only tests (see playwright.config.ts): it creates a scenario.

const never = "9999-12-31";

test("a planner sees the alerts, runs a surge scenario that brings saturation forward and raises an order, and prints the situation report", async ({
  page,
}) => {
  // Several planning pages, each checked with axe: give it room on a loaded CI machine.
  test.slow();
  await login(page, accounts.planner);
  await expect(page).toHaveURL(/\/planning$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Planificación");
  // The demo starts with a station over capacity and items running out within their lead time.
  const alerts = page.getByTestId("alerts");
  await expect(alerts.locator('[data-kind="saturation"]').first()).toBeVisible();
  await expect(alerts.locator('[data-kind="stockout"]').first()).toBeVisible();
  await expect(page.getByRole("img", { name: "Llegadas a la red: historia y pronóstico" })).toBeVisible();
  // The plan says how old it is (decision 018).
  await expect(page.getByTestId("plan-freshness")).toContainText("Plan calculado");
  await expectNoAxeViolations(page);
  // The long tables open on demand; every alert is one link away.
  await expect(page.getByTestId("cover-table")).toHaveCount(0);
  await page.getByTestId("open-cover").click();
  await expect(page.getByTestId("cover-table")).toBeVisible();
  await page.getByTestId("all-alerts").click();
  await expect(page.getByTestId("cover-table")).toBeVisible();
  await expect(page.getByTestId("all-alerts")).toHaveCount(0);

  // A surge of 2,500 arrivals a day for 14 days, across the network, from today.
  await page.getByRole("link", { name: "Escenarios" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Escenarios");
  const name = `Oleada ${Date.now().toString(36)}`;
  await page.getByLabel("Nombre").fill(name);
  await page.getByRole("button", { name: "Crear el escenario" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByTestId("flash")).toContainText("creado");
  const surge = page.getByRole("form", { name: "Aumento de llegadas" });
  await surge.getByLabel("Llegadas adicionales por día").fill("2500");
  await surge.getByLabel("Dónde").selectOption({ label: "Toda la red" });
  await surge.getByLabel("Durante (días)").fill("14");
  await surge.getByRole("button", { name: "Añadir" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Escenario guardado.");
  await expect(page.getByTestId("changes")).toContainText("2,500 llegadas más por día en toda la red, desde el");

  // Saturation comes earlier for at least one station, and for none later.
  const rows = page.getByTestId("compare-saturation").locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  const dates = await rows.evaluateAll((trs) =>
    trs.map((tr) => ({ baseline: tr.getAttribute("data-baseline") || "", scenario: tr.getAttribute("data-scenario") || "" })),
  );
  const earlier = dates.filter((d) => (d.scenario || never) < (d.baseline || never));
  expect(earlier.length).toBeGreaterThan(0);
  expect(dates.every((d) => (d.scenario || never) <= (d.baseline || never))).toBe(true);
  // And some item's suggested order rises.
  const orders = await page
    .getByTestId("compare-stock")
    .locator("tbody tr[data-item]")
    .evaluateAll((trs) => trs.map((tr) => [Number(tr.getAttribute("data-order-baseline")), Number(tr.getAttribute("data-order-scenario"))]));
  expect(orders.some(([before, after]) => after! > before!)).toBe(true);
  await expectNoAxeViolations(page);

  // The dashboard under the scenario says so.
  await page.getByRole("link", { name: "Ver en el tablero" }).click();
  await expect(page.getByTestId("scenario-banner")).toContainText(name);

  // The situation report, in Spanish and in English, prints.
  await page.goto("/planning/report");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Informe diario de situación");
  await expect(page.getByRole("heading", { name: /^Alertas \(\d+\)$/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Daily situation report");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Imprimir" })).toBeHidden();
  const pdf = await page.pdf({ format: "A4" });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(10_000);
});

test("a shelter manager cannot open the planning pages", async ({ page }) => {
  await login(page, accounts.manager);
  for (const path of ["/planning", "/planning/scenarios", "/planning/report"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
});
