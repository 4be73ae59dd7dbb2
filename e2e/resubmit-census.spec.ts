import { expect, test, type Page } from "./fixtures";
import { accounts, expectNoAxeViolations, login, markJavaScriptOff } from "./support";

// Runs after the other writing tests (see playwright.config.ts): it compares LBL's census before and after.
// Without JavaScript, Back after a submit brings the typed values back on a freshly loaded form
// (with a new idempotency key): a second submit must not count the same group twice (issue 15).

test.use({ javaScriptEnabled: false });

async function censusOf(page: Page, code: string): Promise<number> {
  await page.goto(`/facilities/${code}`);
  return Number(await page.getByRole("meter").getAttribute("aria-valuenow"));
}

test("without JavaScript, Back and submit again asks before counting a group twice, and a departure is recorded", async ({ page }) => {
  test.slow();
  markJavaScriptOff(page);
  await login(page, accounts.manager);
  const before = await censusOf(page, "LBL");

  await page.goto("/facilities/LBL/arrivals/new");
  const form = page.locator("main form");
  await form.locator('input[name="adultMen"]').fill("5");
  await form.locator('input[name="adultWomen"]').fill("4");
  await form.locator('select[name="nationalities[0].country"]').selectOption("VE");
  await form.locator('input[name="nationalities[0].count"]').fill("9");
  await form.getByRole("button", { name: "Registrar" }).click();
  await expect(page).toHaveURL(/\/facilities\/LBL$/);
  await expect(page.getByTestId("flash")).toContainText("Llegada de 9 personas registrada en LBL.");

  // Back to the form: the browser brings the typed values back.
  await page.goBack();
  await expect(page).toHaveURL(/\/arrivals\/new$/);
  await expect(form.locator('input[name="adultMen"]')).toHaveValue("5");
  await form.getByRole("button", { name: "Registrar" }).click();

  // The server recognises the twin, records nothing, and asks.
  await expect(page.getByRole("alert")).toContainText("Usted registró un grupo idéntico (total: 9)");
  const confirm = page.getByLabel("Sí, es otro grupo: registrarlo también");
  await expect(confirm).toBeVisible();
  await expect(form.locator('input[name="adultMen"]')).toHaveValue("5");
  await expectNoAxeViolations(page);

  // A real second group with the same figures is recorded once the person says so; the
  // question itself recorded nothing (two groups of 9 in all, not three).
  await confirm.check();
  await form.getByRole("button", { name: "Registrar" }).click();
  await expect(page.getByTestId("flash")).toContainText("Llegada de 9 personas registrada en LBL.");
  expect(await censusOf(page, "LBL")).toBe(before + 18);

  // And a departure, as a plain form post: the census goes down by it. A make-up no other
  // departure of the manager's has (the server asks about a twin within 15 minutes).
  await page.goto("/facilities/LBL/departures/new");
  const departure = page.locator("main form");
  await departure.locator('input[name="adultWomen"]').fill("2");
  await departure.locator('input[name="girls1to4"]').fill("1");
  await departure.locator('input[name="boys1to4"]').fill("1");
  await departure.getByRole("textbox", { name: "Destino" }).fill("Costa Rica (sin JavaScript)");
  await departure.getByRole("button", { name: "Registrar" }).click();
  await expect(page).toHaveURL(/\/facilities\/LBL$/);
  await expect(page.getByTestId("flash")).toBeVisible();
  expect(await censusOf(page, "LBL")).toBe(before + 14);
});
