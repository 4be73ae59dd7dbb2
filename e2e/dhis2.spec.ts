import { expect, test } from "./fixtures";
import { accounts, expectNoAxeViolations, login } from "./support";

// Writes only the DHIS2 settings and mappings, which no other test reads. The push itself needs
// a DHIS2 server in the app's environment; test/integration/dhis2.test.ts covers it against a
// local one. Here: the administrator's journey up to the preview of what would be sent.

test("an administrator maps an indicator, sets San Vicente's organisation unit and previews the week's data value set", async ({ page }) => {
  test.slow();
  await login(page, accounts.admin);
  await page.getByRole("link", { name: "DHIS2" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Envío a DHIS2");
  // No DHIS2 in the demo's environment: the page says how to configure one, and shows no secret.
  await expect(page.getByRole("status").filter({ hasText: "DHIS2_URL" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Código del conjunto de datos").fill("ALB_WEEKLY");
  await page.getByLabel("Tipo de período").selectOption("week");
  await page.getByRole("button", { name: "Guardar" }).first().click();
  await expect(page.getByTestId("flash")).toHaveText("Configuración de DHIS2 guardada.");

  await page.getByLabel("Código de unidad organizativa de SVC").fill("OU_SVC");
  await page.locator("#org-unit-SVC").getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Unidad organizativa de SVC guardada.");

  await page.getByRole("link", { name: "Correspondencias de indicadores" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Correspondencias de indicadores");
  // A wrong detail is refused at the field.
  await page.getByLabel("Indicador").selectOption("census");
  await page.getByLabel("Detalle").fill("gatos");
  await page.getByLabel("Elemento de datos (código)").fill("ALB_CENSUS");
  await page.getByRole("button", { name: "Añadir correspondencia" }).click();
  await expect(page.getByText("Indique un grupo de población o «total».")).toBeVisible();
  await page.getByLabel("Detalle").fill("total");
  await page.getByRole("button", { name: "Añadir correspondencia" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Correspondencia añadida.");
  await expect(page.getByRole("cell", { name: "Población al cierre · Total", exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto("/admin/dhis2/preview");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vista previa y envío");
  await expect(page.getByText(/Período \d{4}W\d{1,2}/)).toBeVisible();
  const set = page.getByRole("region", { name: /SVC · San Vicente/ });
  await expect(set.getByRole("cell", { name: "ALB_CENSUS" })).toBeVisible();
  await set.getByText("JSON que se envía").click();
  const json = JSON.parse((await page.getByTestId("payload-SVC").textContent()) ?? "{}") as { dataSet: string; orgUnit: string; dataValues: { dataElement: string; value: string }[] };
  expect(json.dataSet).toBe("ALB_WEEKLY");
  expect(json.orgUnit).toBe("OU_SVC");
  expect(json.dataValues).toHaveLength(1);
  expect(json.dataValues[0]!.dataElement).toBe("ALB_CENSUS");
  expect(Number(json.dataValues[0]!.value)).toBeGreaterThanOrEqual(0);
  // Without a DHIS2 configured nothing can be sent.
  await expect(page.getByRole("button", { name: /Enviar .* a DHIS2/ })).toBeDisabled();
  await expectNoAxeViolations(page);

  await page.goto("/admin/dhis2/log");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registro de envíos");
  await expectNoAxeViolations(page);
});
