import { expect, test } from "./fixtures";
import { accounts, expectNoAxeViolations, login } from "./support";

// Runs after the other tests (see playwright.config.ts): the new facility would change the
// planner's list of five.

test("an administrator creates a facility, after a rejected negative bed count", async ({ page, context }) => {
  const code = `T${Date.now().toString(36).slice(-5).toUpperCase()}`;
  const name = `Albergue de prueba ${code}`;

  await login(page, accounts.admin);
  await page.getByRole("link", { name: "Nueva instalación" }).click();
  await expect(page).toHaveURL(/\/facilities\/new$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nueva instalación");
  await expectNoAxeViolations(page);

  const form = page.locator("main form");
  const beds = form.getByLabel("Camas", { exact: true });
  await form.getByLabel("Código").fill(code);
  await form.getByLabel("Nombre").fill(name);
  await form.getByLabel("Tipo").selectOption({ label: "Albergue" });
  await form.getByLabel("Región").fill("Darién");
  await form.getByLabel("Latitud").fill("8.25");
  await form.getByLabel("Longitud").fill("-77.9");
  await beds.fill("-5");
  await form.getByLabel("Letrinas / inodoros").fill("6");
  await form.getByLabel("Notas").fill("Creada por la prueba de extremo a extremo.");
  await form.getByRole("button", { name: "Guardar" }).click();

  // The error sits next to the field, tied to it, and nothing typed is lost.
  await expect(beds).toHaveAttribute("aria-invalid", "true");
  await expect(beds).toHaveAccessibleDescription("No puede ser negativo.");
  await expect(beds.locator("xpath=following-sibling::ul")).toHaveText("No puede ser negativo.");
  await expect(page).toHaveURL(/\/facilities\/new$/);
  await expect(form.getByLabel("Código")).toHaveValue(code);
  await expect(form.getByLabel("Nombre")).toHaveValue(name);
  await expect(form.getByLabel("Tipo")).toHaveValue("shelter");
  await expect(form.getByLabel("Región")).toHaveValue("Darién");
  await expect(form.getByLabel("Latitud")).toHaveValue("8.25");
  await expect(beds).toHaveValue("-5");
  await expect(form.getByLabel("Letrinas / inodoros")).toHaveValue("6");
  await expect(form.getByLabel("Notas")).toHaveValue("Creada por la prueba de extremo a extremo.");
  await expectNoAxeViolations(page);

  // Nothing was written.
  const other = await context.newPage();
  await other.goto("/facilities");
  await expect(other.getByRole("table").locator("tbody tr")).toHaveCount(5);
  await expect(other.getByText(code)).toHaveCount(0);
  await other.close();

  await beds.fill("120");
  await expect(beds).not.toHaveAttribute("aria-invalid", "true");
  await form.getByRole("button", { name: "Guardar" }).click();

  await expect(page).toHaveURL(new RegExp(`/facilities/${code}$`));
  await expect(page.getByTestId("flash")).toHaveText(`Instalación ${code} creada.`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${name} ${code}`);
  const details = page.getByRole("main");
  await expect(details.getByText("Albergue", { exact: true })).toBeVisible();
  await expect(details.getByRole("definition").filter({ hasText: /^120$/ })).toBeVisible();
  await expect(details.getByText("Creada por la prueba de extremo a extremo.")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Volver a Instalaciones" }).click();
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(6);
  await expect(page.getByRole("link", { name })).toBeVisible();
});
