import { expect, test } from "./fixtures";
import { accounts, expectNoAxeViolations, login, markJavaScriptOff } from "./support";

// Runs after the other writing tests (see playwright.config.ts): it reads a lot's balance at LBL.
// Without JavaScript, Back after a submit shows a freshly loaded form (with a new idempotency
// key): the same delivery submitted again must not be received twice (issue 15).

test.use({ javaScriptEnabled: false });

test("without JavaScript, Back and submit again asks before receiving a delivery twice", async ({ page }) => {
  test.slow();
  markJavaScriptOff(page);
  const suffix = Date.now().toString(36).toUpperCase();
  const lot = `E2E-TW-${suffix}`;
  await login(page, accounts.manager);

  await page.goto("/facilities/LBL/stock/receipts/new");
  const form = page.locator("main form");
  const line = form.getByRole("group", { name: "Línea 1" });
  async function typeDelivery() {
    await form.getByLabel("Origen").fill("PMA (WFP)");
    await form.getByLabel("Documento").fill(`GR-TW-${suffix}`);
    await line.getByLabel("Artículo").selectOption("RATION-KIT");
    await line.getByLabel(/^Cantidad/).fill("40");
    await line.getByLabel("Número de lote").fill(lot);
    await line.getByLabel("Vencimiento").fill("2027-09-30");
  }
  await typeDelivery();
  await form.getByRole("button", { name: "Registrar la entrega" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Entrega registrada (1 línea).");

  // Back to the form, fetched again with a new key. Its text fields are autocomplete="off", so
  // Chromium brings none of them back: the person, unsure the delivery went through, types it
  // again.
  await page.goBack();
  await expect(page).toHaveURL(/\/stock\/receipts\/new$/);
  await typeDelivery();
  await form.getByRole("button", { name: "Registrar la entrega" }).click();

  // The server recognises the twin, records nothing, and asks, saying what was recorded.
  await expect(page.getByRole("alert")).toContainText(`usted registró una entrada de 40 kits de Ración lista para comer (1 persona-día) del lote ${lot}`);
  const confirm = page.getByLabel("Sí, es otra entrega: registrarla también");
  await expect(confirm).toBeVisible();
  await expect(line.getByLabel("Número de lote")).toHaveValue(lot);
  await expectNoAxeViolations(page);

  // A real second delivery with the same figures is received once the person says so; the
  // question itself received nothing (80 in the lot, not 120).
  await confirm.check();
  await form.getByRole("button", { name: "Registrar la entrega" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Entrega registrada (1 línea).");
  await page.goto("/facilities/LBL/stock/RATION-KIT");
  const lotRow = page.locator("main table").first().locator("tr", { hasText: lot });
  await expect(lotRow).toContainText("80");
});
