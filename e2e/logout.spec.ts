import { expect, test, type Page } from "./fixtures";
import { accounts, expectNoAxeViolations, login, logout, markJavaScriptOff } from "./support";

async function openFacilityThenLogOut(page: Page) {
  await login(page, accounts.manager);
  await page.goto("/facilities/SVC");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("San Vicente SVC");
  await logout(page);
  await expect(page.getByTestId("flash")).toHaveText("Sesión cerrada.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Iniciar sesión");
  await expectNoAxeViolations(page);
}

async function expectBackShowsNothing(page: Page) {
  await page.goBack();
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Ffacilities%2FSVC$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Iniciar sesión");
  await expect(page.getByText("San Vicente")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Cerrar sesión" })).toHaveCount(0);
  await expectNoAxeViolations(page);
}

test("after logout the back button shows the login page, not the facility", async ({ page }) => {
  await openFacilityThenLogOut(page);
  await expectBackShowsNothing(page);
});

test.describe("without JavaScript", () => {
  // Plain form posts and the browser's own history and cache: only Cache-Control keeps the old
  // page from showing.
  test.use({ javaScriptEnabled: false });
  test.beforeEach(({ page }) => markJavaScriptOff(page));

  test("after logout the back button shows the login page, not the facility", async ({ page }) => {
    await openFacilityThenLogOut(page);
    await expectBackShowsNothing(page);
  });
});
