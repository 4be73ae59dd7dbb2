import { expect, test, type Page } from "./fixtures";
import { accounts, expectNoAxeViolations, login } from "./support";

// A made-up account, so no demo account used by other tests gets locked. This file makes the
// suite's only failed logins: 5 of the 30 the limit per address allows in 15 minutes.
const nobody = "nobody@albergue.demo";

async function submitWrongPassword(page: Page, attempt: number) {
  await page.getByLabel("Correo electrónico").fill(nobody);
  await page.getByLabel("Contraseña").fill(`wrong-password-${attempt}`);
  // The login action: /login.data (Remix single fetch) or /login (a form post without JavaScript).
  const response = page.waitForResponse(
    (r) => r.request().method() === "POST" && /^\/login(\.data)?$/.test(new URL(r.url()).pathname),
  );
  await page.getByRole("button", { name: "Entrar" }).click();
  return (await response).status();
}

test("repeated wrong passwords for one account are rate-limited", async ({ page }) => {
  await page.goto("/login");
  for (let attempt = 1; attempt <= 5; attempt++) {
    expect(await submitWrongPassword(page, attempt), `attempt ${attempt}`).toBe(401);
    await expect(page.getByRole("alert")).toHaveText("Correo o contraseña incorrectos.");
  }
  await expectNoAxeViolations(page);

  expect(await submitWrongPassword(page, 6)).toBe(429);
  await expect(page.getByRole("alert")).toHaveText(
    /^Demasiados intentos fallidos\. Vuelva a intentarlo en 1[45] min\.$/,
  );
  await expectNoAxeViolations(page);

  // The limit is on that account: another account still signs in from the same place.
  await login(page, accounts.planner);
  await expect(page).toHaveURL(/\/planning$/);
});
