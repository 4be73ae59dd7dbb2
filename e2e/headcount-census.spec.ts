import type { Locator } from "@playwright/test";
import { expect, test, type Page } from "./fixtures";
import { accounts, expectNoAxeViolations, login } from "./support";

// Runs with the other writing journeys (its name matches playwright.config.ts's writesSharedData).
// The count moves one person from "men" to "women" (a person recorded in the wrong group), so
// the facility's total, which other journeys compare before and after, stays the same.

const groups = [
  "Hombres adultos",
  "Mujeres adultas",
  "Niños varones 0-11 meses",
  "Niñas 0-11 meses",
  "Niños varones 1-4 años",
  "Niñas 1-4 años",
  "Niños varones 5-17 años",
  "Niñas 5-17 años",
  "Mujeres embarazadas",
  "Mujeres lactantes",
  "Menores no acompañados",
  "Personas con discapacidad",
];

/** The census shown beside a field ("Censo al abrir: 1.234"). */
async function censusBeside(page: Page, field: Locator): Promise<number> {
  const hintId = (await field.getAttribute("aria-describedby"))!.split(" ")[0]!;
  const text = await page.locator(`[id="${hintId}"]`).innerText();
  expect(text).toMatch(/^Censo al abrir: [\d.,\s]+$/);
  return Number(text.replace(/\D/g, ""));
}

test("a manager counts the people at a facility, submits, and sees the difference and the census", async ({ page }) => {
  test.slow();
  await login(page, accounts.manager);
  await page.goto("/facilities/SVC");
  await page.getByRole("link", { name: "Contar personas" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Conteos de personas de San Vicente");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: /^(Empezar un conteo|Continuar el conteo)$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Conteo de personas #\d+ · San Vicente$/);
  await expectNoAxeViolations(page);

  const form = page.locator("main form");
  const expected: Record<string, number> = {};
  for (const name of groups) expected[name] = await censusBeside(page, form.getByLabel(name, { exact: true }));
  expect(expected["Hombres adultos"]).toBeGreaterThan(0);
  for (const name of groups) {
    const shift = name === "Hombres adultos" ? -1 : name === "Mujeres adultas" ? 1 : 0;
    await form.getByLabel(name, { exact: true }).fill(String(expected[name]! + shift));
  }

  // A difference without a reason is refused at the reason field.
  await form.getByRole("button", { name: "Enviar el conteo" }).click();
  const reason = form.getByLabel(/^Motivo de la diferencia/);
  await expect(reason).toHaveAttribute("aria-invalid", "true");
  await expect(reason).toHaveAccessibleDescription("El conteo no coincide con el censo: explique el motivo de la diferencia.");
  await expectNoAxeViolations(page);

  await reason.fill("Un hombre estaba registrado como mujer");
  await form.getByRole("button", { name: "Enviar el conteo" }).click();
  await expect(page.getByTestId("flash")).toContainText(/^Conteo #\d+ enviado\. Diferencia con el censo: 0\. Personas presentes ahora: [\d.,]+\.$/);
  const table = page.getByRole("table");
  await expect(table.getByRole("row", { name: /^Hombres adultos / })).toContainText("−1");
  await expect(table.getByRole("row", { name: /^Mujeres adultas / })).toContainText("+1");
  await expect(page.getByRole("main").getByText(/Censo actual: [\d.,]+\./)).toBeVisible();
  await expect(page.getByText("Motivo: Un hombre estaba registrado como mujer")).toBeVisible();
  await expectNoAxeViolations(page);

  // The correction is in the facility's ledger.
  await page.goto("/facilities/SVC/entries");
  await expect(page.locator("tbody tr").filter({ hasText: "Ajuste por conteo" }).first()).toBeVisible();
});
