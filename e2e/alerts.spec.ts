import { expect, test } from "./fixtures";
import { accounts, expectNoAxeViolations, login } from "./support";

// Alerts that reach people (issue 18): the plan worker records the demo plan's alerts a few
// seconds after the server starts; a manager sees those of their facilities, acknowledges one and
// subscribes to a facility's stock-outs.

test("a manager acknowledges an alert of their facilities and subscribes to stock-outs", async ({ page }) => {
  await login(page, accounts.manager);
  await page.getByRole("navigation").getByRole("link", { name: "Alertas" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Alertas");
  // The first sync of the stored plan may still be on its way: reload until it has landed.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("button", { name: /^Acusar recibo/ }).first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  // Only San Vicente and Lajas Blancas, the manager's facilities.
  await expect(page.getByTestId("alert-events")).not.toContainText("Bajo Chiquito");
  await expectNoAxeViolations(page);
  const first = page.getByTestId("alert-events").getByRole("listitem").filter({ has: page.getByRole("button", { name: /^Acusar recibo/ }) }).first();
  const id = await first.getAttribute("id");
  await first.getByRole("button", { name: /^Acusar recibo/ }).click();
  await expect(page.getByTestId("flash")).toHaveText("Alerta marcada como recibida.");
  await expect(page.locator(`#${id}`).getByTestId("acknowledged")).toContainText("Recibida por Marta Gestora");

  await page.getByRole("link", { name: "Mis suscripciones" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mis suscripciones a alertas");
  await page.getByLabel("Instalación").selectOption("LBL");
  await page.getByLabel("Tipo de alerta").selectOption("stockout");
  // A webhook without its address is refused at the field.
  await page.getByLabel("Canal").selectOption("webhook");
  await page.getByRole("button", { name: "Suscribirme" }).click();
  await expect(page.getByText("Indique la dirección del webhook.")).toBeVisible();
  await page.getByLabel("Canal").selectOption("email");
  await page.getByRole("button", { name: "Suscribirme" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Suscripción guardada.");
  const row = page.getByTestId("subscriptions").getByRole("row").filter({ hasText: "Lajas Blancas" });
  await expect(row).toContainText("Agotamiento de existencias");
  await expect(row).toContainText("manager@albergue.demo");
  await expectNoAxeViolations(page);
});

test("the administrator sees every subscription and message", async ({ page }) => {
  await login(page, accounts.admin);
  await page.getByRole("navigation").getByRole("link", { name: "Envío de alertas" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Envío de alertas");
  await expect(page.getByRole("heading", { name: "Suscripciones" })).toBeVisible();
  await expectNoAxeViolations(page);
});
