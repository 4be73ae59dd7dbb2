import { expect, test } from "./fixtures";
import { accounts, expectNoAxeViolations, login } from "./support";

// Runs with the tests that write (see playwright.config.ts): it adds a delivery and a care case at
// San Vicente.
// Issue 17 item 7, decision 023: a keyboard-wedge scanner types the GS1 element string and Enter.

test("a manager scans a carton with a new GTIN on a receipt, confirms its item once, and the next scan fills the issue form", async ({ page }) => {
  test.slow();
  const suffix = Date.now().toString(36).toUpperCase();
  const lot = `S+(${suffix})`;
  const gtin = "09506000100043";
  await login(page, accounts.manager);

  await page.goto("/facilities/SVC/stock/receipts/new");
  const form = page.locator("main form");
  const scan = form.getByLabel(/^Escanear código GS1/);
  // The human-readable form; day 00 is the last day of February 2028.
  await scan.fill(`(01)${gtin}(17)280200(10)${lot}`);
  await scan.press("Enter");
  await expect(page.getByTestId("gs1-scan-outcome")).toContainText(`El GTIN ${gtin} todavía no está en el catálogo`);
  const line1 = form.getByRole("group", { name: "Línea 1" });
  await expect(line1.getByLabel("Número de lote")).toHaveValue(lot);
  await expect(line1.getByLabel("Vencimiento")).toHaveValue("2028-02-29");
  await expect(line1.getByLabel(/^GTIN/)).toHaveValue(gtin);
  await expectNoAxeViolations(page);
  // Choosing the item and saving is the confirmation that teaches the GTIN.
  await line1.getByLabel("Artículo").selectOption("RATION-KIT");
  await line1.getByLabel(/^Cantidad/).fill("40");
  await form.getByLabel("Origen").fill("PMA (WFP)");
  await form.getByRole("button", { name: "Registrar la entrega" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Entrega registrada (1 línea).");

  // The raw scanner form: FNC1 arrives as Ctrl+] after the variable-length lot.
  await page.goto("/facilities/SVC/stock/issues/new");
  const issue = page.locator("main form");
  const issueScan = issue.getByLabel(/^Escanear código GS1/);
  await issueScan.fill(`01${gtin}10${lot}`);
  await issueScan.press("Control+BracketRight");
  await issueScan.pressSequentially("17280200");
  await issueScan.press("Enter");
  await expect(page.getByTestId("gs1-scan-outcome")).toHaveText(`Artículo RATION-KIT, lote ${lot}. Escriba la cantidad.`);
  await expect(issue.getByLabel("Artículo")).toHaveValue("RATION-KIT");
  const lotSelect = issue.getByLabel("Lote (opcional)");
  await expect(lotSelect.locator("option:checked")).toContainText(lot);
  await issue.getByLabel(/^Cantidad/).fill("5");
  await issue.getByLabel("Personas atendidas").fill("5");
  await issue.getByRole("button", { name: "Registrar la distribución" }).click();
  await expect(page.getByTestId("flash")).toContainText("Distribución registrada: 5");
});

test("a health worker scans a vaccine vial: the vaccine is chosen, and a vial of another lot than the one to use is pointed out", async ({ page }) => {
  test.slow();
  await login(page, accounts.health);
  // A child of 15 months, registered for this test (nothing else is written: no dose is saved).
  await page.goto("/facilities/SVC/care/new");
  const registration = page.locator("main form");
  await registration.getByLabel("Sexo").selectOption("male");
  const born = new Date(Date.now() - 456 * 86_400_000).toISOString().slice(0, 10);
  await registration.getByLabel("Fecha de nacimiento").fill(born);
  await registration.getByRole("button", { name: "Registrar", exact: true }).click();
  const code = /Caso ([A-HJ-NP-Z2-9]{8}) registrado/.exec(await page.getByTestId("flash").innerText())![1]!;
  await page.goto(`/facilities/SVC/care/${code}/vaccinate`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "1");
  const form = page.locator("main form", { has: page.getByRole("button", { name: "Registrar", exact: true }) }).first();
  const scan = form.getByLabel(/^Escanear código GS1/);
  const outcome = page.getByTestId("gs1-scan-outcome");

  // A measles-rubella vial (the demo's GTIN for VAC-MR) of a lot that is not the one to draw from.
  await scan.fill("(01)09506000100012(10)NOT-THIS-LOT");
  await scan.press("Enter");
  await expect(form.getByLabel("Vacuna", { exact: true })).toHaveValue("VAC-MR");
  await expect(outcome).toContainText("El vial escaneado es del lote NOT-THIS-LOT, pero toca usar el lote");
  const planned = /toca usar el lote (.+?) \(vial/.exec((await outcome.textContent()) ?? "")![1]!;

  // The vial of the lot to use: confirmed.
  await form.getByLabel("Vacuna", { exact: true }).selectOption("");
  await scan.fill(`(01)09506000100012(10)${planned}`);
  await scan.press("Enter");
  await expect(form.getByLabel("Vacuna", { exact: true })).toHaveValue("VAC-MR");
  await expect(outcome).toHaveText(`Vacuna VAC-MR, lote ${planned}: el vial que toca usar. Elija la dosis.`);
  await expectNoAxeViolations(page);
});
