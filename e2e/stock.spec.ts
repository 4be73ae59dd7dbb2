import { expect, test } from "./fixtures";
import { accounts, expectNoAxeViolations, login } from "./support";

// Runs after the read-only tests (see playwright.config.ts): it changes Lajas Blancas' stock.

test("a manager receives a delivery, distributes, counts with a difference, sees the adjustment on the stock card, and quarantines a VVM-3 vaccine lot", async ({
  page,
}) => {
  // A long journey through six pages checked with axe: give it room on a loaded CI machine.
  test.slow();
  const suffix = Date.now().toString(36).toUpperCase();
  const rationLot = `E2E-R-${suffix}`;
  const vaccineLot = `E2E-MR-${suffix}`;
  await login(page, accounts.manager);
  await page.goto("/facilities/LBL");
  await page.getByRole("link", { name: "Existencias", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Existencias de Lajas Blancas");
  await expectNoAxeViolations(page);

  // A delivery of two lines: ration kits and a measles-rubella vaccine lot.
  await page.getByRole("link", { name: "Recibir entrega" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Recibir una entrega");
  const form = page.locator("main form");
  await form.getByLabel("Origen").fill("PMA (WFP)");
  await form.getByLabel("Documento").fill(`GR-${suffix}`);
  const line1 = form.getByRole("group", { name: "Línea 1" });
  await line1.getByLabel("Artículo").selectOption("RATION-KIT");
  await line1.getByLabel(/^Cantidad/).fill("100");
  await line1.getByLabel("Número de lote").fill(rationLot);
  await line1.getByLabel("Vencimiento").fill("2027-09-30");
  const line2 = form.getByRole("group", { name: "Línea 2" });
  await line2.getByLabel("Artículo").selectOption("VAC-MR");
  await line2.getByLabel(/^Cantidad/).fill("50");
  await line2.getByLabel("Número de lote").fill(vaccineLot);
  await line2.getByLabel("Vencimiento").fill("2027-04-30");
  await line2.getByLabel("Etapa del VVM").selectOption("1");
  await expectNoAxeViolations(page);
  await form.getByRole("button", { name: "Registrar la entrega" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Entrega registrada (2 líneas).");

  // A distribution from that lot to 30 people.
  await page.goto("/facilities/LBL/stock/issues/new?item=RATION-KIT");
  const issue = page.locator("main form");
  await issue.getByLabel(/^Cantidad/).fill("30");
  const lotSelect = issue.getByLabel("Lote (opcional)");
  await lotSelect.selectOption((await lotSelect.locator("option", { hasText: rationLot }).getAttribute("value")) ?? "");
  await issue.getByLabel("Personas atendidas").fill("30");
  await issue.getByRole("button", { name: "Registrar la distribución" }).click();
  await expect(page.getByTestId("flash")).toContainText("Distribución registrada: 30");

  // A physical count finds 68 where the books say 70.
  await page.goto("/facilities/LBL/stock/counts");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: /^(Empezar un conteo|Continuar el conteo)$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Conteo #");
  const rows = page.locator("main form table tbody tr");
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    const row = rows.nth(i);
    const system = Number((await row.locator("td").nth(2).innerText()).replace(/[^\d]/g, ""));
    const isOurs = (await row.locator("td").nth(0).innerText()).trim() === rationLot;
    await row.getByRole("spinbutton").fill(String(isOurs ? system - 2 : system));
  }
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Enviar el conteo" }).click();
  await expect(page.getByTestId("flash")).toContainText("1 ajuste registrado.");

  // The stock card shows the count's adjustment and the running balance.
  await page.goto(`/facilities/LBL/stock/RATION-KIT`);
  const lotRow = page.locator("main table").first().locator("tr", { hasText: rationLot });
  await expect(lotRow).toContainText("68");
  const entries = page.locator("main table").last().locator("tbody tr");
  await expect(entries.first()).toContainText("Conteo físico");
  await expect(entries.first()).toContainText(/[−-]2/);
  await expectNoAxeViolations(page);

  // The vaccine lot reads VVM 3: one action quarantines it, and the write-off is offered.
  await page.goto("/facilities/LBL/stock/VAC-MR");
  await page.getByRole("link", { name: vaccineLot }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(vaccineLot);
  await page.getByLabel("Lectura del VVM").selectOption("3");
  await page.getByRole("button", { name: "Guardar el estado" }).click();
  await expect(page.getByTestId("flash")).toContainText("quedó en cuarentena");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: /^Dar de baja 50/ }).click();
  await expect(page.getByTestId("flash")).toContainText("Baja registrada");
  await page.goto("/facilities/LBL/stock/VAC-MR");
  await expect(page.locator("main table").first().locator("tr", { hasText: vaccineLot })).toContainText("0");
});
