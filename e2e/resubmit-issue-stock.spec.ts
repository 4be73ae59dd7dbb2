import { expect, test } from "./fixtures";
import { accounts, expectNoAxeViolations, login, markJavaScriptOff } from "./support";

// Without JavaScript, Back after a submit brings the typed values back on a freshly loaded form
// (with a new idempotency key): a second submit must not deduct the same distribution twice.
// The issue form asks, as the arrival form does (decision 016). Hygiene kits at LBL: no other
// test reads them, so the two distributions here change no figure another test expects.

test.use({ javaScriptEnabled: false });

test("without JavaScript, Back and submit again asks before issuing the same stock twice", async ({ page }) => {
  test.slow();
  markJavaScriptOff(page);
  await login(page, accounts.manager);

  await page.goto("/facilities/LBL/stock/issues/new?item=HYGIENE-KIT");
  const form = page.locator("main form");
  await form.getByLabel(/^Cantidad/).fill("3");
  await form.getByLabel("Personas atendidas").fill("3");
  await form.getByRole("button", { name: "Registrar la distribución" }).click();
  await expect(page.getByTestId("flash")).toContainText("Distribución registrada: 3 de HYGIENE-KIT.");

  // Back to the form: the browser brings the typed values back, under a new key.
  await page.goBack();
  await expect(page).toHaveURL(/\/stock\/issues\/new\?item=HYGIENE-KIT$/);
  await expect(form.getByLabel(/^Cantidad/)).toHaveValue("3");
  await form.getByRole("button", { name: "Registrar la distribución" }).click();

  // The server recognises the twin, records nothing, and asks.
  await expect(page.getByRole("alert")).toContainText("usted registró una distribución de 3 kits de Kit de higiene con los mismos datos.");
  const confirm = page.getByLabel("Sí, es otra distribución: registrarla también");
  await expect(confirm).toBeVisible();
  await expect(form.getByLabel(/^Cantidad/)).toHaveValue("3");
  await expectNoAxeViolations(page);

  // A real second distribution of the same figures is recorded once the person says so.
  await confirm.check();
  await form.getByRole("button", { name: "Registrar la distribución" }).click();
  await expect(page.getByTestId("flash")).toContainText("Distribución registrada: 3 de HYGIENE-KIT.");
});
