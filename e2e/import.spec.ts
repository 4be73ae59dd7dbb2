import { expect, test, type Page } from "./fixtures";
import { accounts, expectNoAxeViolations, login, markJavaScriptOff } from "./support";

// Runs with the tests that write shared data (playwright.config.ts): it records arrivals at LBL.

function today(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Panama" }).format(new Date());
}

async function censusOn(page: Page, code: string): Promise<number> {
  await page.goto(`/facilities/${code}`);
  const meter = page.getByRole("meter");
  await expect(meter).toBeVisible();
  return Number(await meter.getAttribute("aria-valuenow"));
}

async function uploadFile(page: Page, name: string, content: string) {
  await page.goto("/import");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Importar un archivo");
  await page.getByLabel("Llegadas (registro del servicio de migración)").check();
  await page.getByLabel("Archivo CSV o XLSX").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content) });
  await page.getByRole("button", { name: "Revisar el archivo" }).click();
}

test("a manager imports a day's arrivals: errors per row, then a preview, one commit, the census changes, and the same file again records nothing", async ({ page }) => {
  test.slow();
  await login(page, accounts.manager);
  const before = await censusOn(page, "LBL");

  // A row for a facility the manager does not belong to, and a band that spans two groups.
  const header = "fecha,instalacion,sexo,edad,nacionalidad,cantidad";
  await uploadFile(page, "snm-con-errores.csv", `${header}\n${today()},LBL,F,34,VEN,4\n${today()},BCH,M,30,HTI,2\n${today()},LBL,F,0-4,VE,1\n`);
  await expect(page.getByTestId("import-errors")).toHaveText("2 filas tienen errores. No se registró nada: corrija el archivo y súbalo de nuevo.");
  await expect(page.locator('tr[data-row="3"]')).toContainText("instalación: No puede registrar en «BCH» (código desconocido o sin acceso).");
  await expect(page.locator('tr[data-row="4"]')).toContainText("edad: Este rango abarca dos grupos del censo");
  await expect(page.locator('tr[data-row="2"]')).toContainText("Se registrará");
  await expectNoAxeViolations(page);

  const good = `${header}\n${today()},LBL,F,34,VEN,4\n${today()},LBL,M,1-4,HTI,3\n`;
  await uploadFile(page, "snm-dia.csv", good);
  await expect(page).toHaveURL(/\/import\?draft=/);
  await expect(page.getByTestId("import-ready")).toHaveText("Todo correcto: se registrará 1 entrada de llegada (7 personas).");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Registrar todo" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Importado: 1 registro nuevo; ninguno ya registrado.");
  await expect(page.getByTestId("import-committed")).toBeVisible();

  await page.getByTestId("import-committed").getByRole("link", { name: "LBL" }).click();
  await expect(page).toHaveURL(/\/facilities\/LBL$/);
  // The census spec runs beside this one and only ever adds people at LBL: at least these 7 arrived.
  expect(Number(await page.getByRole("meter").getAttribute("aria-valuenow"))).toBeGreaterThanOrEqual(before + 7);

  await uploadFile(page, "snm-dia-otra-vez.csv", good);
  await expect(page.getByTestId("import-ready")).toHaveText("Este archivo ya se importó: todas sus filas están registradas y no hay nada nuevo que registrar.");
  await expect(page.getByRole("button", { name: "Registrar todo" })).toHaveCount(0);
});

test.describe("without JavaScript", () => {
  // The upload is a plain multipart post; the checked file waits as a draft behind a redirect.
  test.use({ javaScriptEnabled: false });
  test.beforeEach(({ page }) => markJavaScriptOff(page));

  test("the upload, the preview and the commit work as plain form posts", async ({ page }) => {
    await login(page, accounts.manager);
    await uploadFile(page, "snm-sin-js.csv", `fecha,instalacion,sexo,edad,nacionalidad,cantidad\n${today()},LBL,F,5-17,COL,2\n`);
    await expect(page).toHaveURL(/\/import\?draft=/);
    await expect(page.getByTestId("import-ready")).toHaveText("Todo correcto: se registrará 1 entrada de llegada (2 personas).");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Registrar todo" }).click();
    await expect(page.getByTestId("flash")).toHaveText("Importado: 1 registro nuevo; ninguno ya registrado.");
    await expect(page.locator('tr[data-row="2"]')).toContainText("Registrado");
  });
});
