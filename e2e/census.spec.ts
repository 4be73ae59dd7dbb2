import { expect, test, type Page } from "./fixtures";
import { accounts, expectNoAxeViolations, login } from "./support";

// Runs after the read-only tests (see playwright.config.ts): it changes census figures.

async function censusOn(page: Page, code: string): Promise<number> {
  await page.goto(`/facilities/${code}`);
  const meter = page.getByRole("meter");
  await expect(meter).toBeVisible();
  return Number(await meter.getAttribute("aria-valuenow"));
}

test("a manager records an arrival group and sees the census and occupancy change", async ({ page }) => {
  // Four pages checked with axe while the care journey runs beside it: room on a loaded CI machine.
  test.slow();
  await login(page, accounts.manager);
  const before = await censusOn(page, "SVC");
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Registrar llegada" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registrar llegada");
  await expectNoAxeViolations(page);
  const form = page.locator("main form");
  // The steppers count people with one tap each; typing works too.
  const men = form.getByLabel("Hombres adultos", { exact: true });
  for (let i = 0; i < 3; i++) await form.getByRole("button", { name: "Sumar uno a Hombres adultos" }).click();
  await expect(men).toHaveValue("3");
  await form.getByLabel("Mujeres adultas", { exact: true }).fill("2");
  await form.getByLabel("Niñas 1-4 años", { exact: true }).fill("1");
  await expect(page.getByTestId("live-total")).toHaveText("Total del grupo: 6");
  // The first nationality row defaults to the facility's most frequent one.
  await expect(form.getByLabel("País 1")).not.toHaveValue("");
  await form.getByLabel("Personas 1", { exact: true }).fill("6");
  await form.getByLabel("Con biometría registrada", { exact: true }).fill("6");
  await form.getByRole("button", { name: "Registrar" }).click();

  await expect(page).toHaveURL(/\/facilities\/SVC$/);
  await expect(page.getByTestId("flash")).toHaveText("Llegada de 6 personas registrada en SVC.");
  await expect(page.getByRole("meter")).toHaveAttribute("aria-valuenow", String(before + 6));
  await expectNoAxeViolations(page);

  // The entry is in the list, and can be corrected by a reversing entry.
  await page.getByRole("link", { name: "Registros", exact: true }).click();
  await expect(page.locator("tbody tr").first()).toContainText("Llegada");
  await expect(page.locator("tbody tr").first()).toContainText("+6");
  await expectNoAxeViolations(page);
});

test("a departure of more people than present is refused at the field with the number present", async ({ page }) => {
  await login(page, accounts.manager);
  await page.goto("/facilities/SVC/departures/new");
  const form = page.locator("main form");
  await form.getByLabel("Niños varones 0-11 meses", { exact: true }).fill("4000");
  await form.getByRole("button", { name: "Registrar" }).click();
  const field = form.getByLabel("Niños varones 0-11 meses", { exact: true });
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(/Solo hay (1 presente|\d+ presentes) en este grupo\./);
  await expect(field).toHaveValue("4000");
  await expectNoAxeViolations(page);
});

test("a transfer takes people out of one census and, once received, into the other", async ({ page }) => {
  await login(page, accounts.manager);
  const svcBefore = await censusOn(page, "SVC");
  const lblBefore = await censusOn(page, "LBL");

  await page.goto("/facilities/SVC/departures/new");
  const form = page.locator("main form");
  await form.getByLabel("Traslado a otra instalación").check();
  await form.getByLabel("Instalación de destino").selectOption("LBL");
  await form.getByLabel("Hombres adultos", { exact: true }).fill("2");
  await form.getByRole("button", { name: "Registrar" }).click();
  await expect(page.getByTestId("flash")).toContainText("Traslado de 2 personas enviado de SVC a LBL");
  await expect(page.getByRole("meter")).toHaveAttribute("aria-valuenow", String(svcBefore - 2));

  // In transit: counted at neither facility until Lajas Blancas records the arrival.
  expect(await censusOn(page, "LBL")).toBe(lblBefore);
  const receive = page.getByRole("link", { name: /^Recibir traslado/ }).last();
  await receive.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Recibir traslado");
  await expect(page.locator("main form").getByLabel("Hombres adultos", { exact: true })).toHaveValue("2");
  await expectNoAxeViolations(page);
  await page.locator("main form").getByRole("button", { name: "Registrar" }).click();
  await expect(page.getByTestId("flash")).toContainText("personas");
  await expect(page).toHaveURL(/\/facilities\/LBL$/);
  await expect(page.getByRole("meter")).toHaveAttribute("aria-valuenow", String(lblBefore + 2));
});

test("an arrival over capacity is recorded and raises the alert on the facility and network pages", async ({ page, browser }) => {
  // Two pages checked with axe and a second browser context: room on a busy machine.
  test.slow();
  await login(page, accounts.manager);
  const before = await censusOn(page, "LBL");
  const capacity = Number(await page.getByRole("meter").getAttribute("aria-valuemax"));
  expect(capacity).toBeGreaterThan(0);
  // Far above any group the station has seen, so the form asks "¿seguro?" first.
  const group = Math.max(1000, Math.ceil(capacity * 1.2) - before);

  await page.goto("/facilities/LBL/arrivals/new");
  const form = page.locator("main form");
  await form.getByLabel("Hombres adultos", { exact: true }).fill(String(group));
  await form.getByLabel("País 1").selectOption("HT");
  await form.getByLabel("Personas 1", { exact: true }).fill(String(group));
  await form.getByRole("button", { name: "Registrar" }).click();
  // An unusual size is asked about, never refused: nothing is recorded until it is confirmed.
  await expect(form.getByRole("alert")).toContainText(`Un grupo de ${group.toLocaleString("es-PA")} personas es mucho mayor`);
  await expectNoAxeViolations(page);
  await form.getByLabel("Sí, las cifras son correctas: registrar el grupo").check();
  await form.getByRole("button", { name: "Registrar" }).click();

  // People are never refused at the door: the arrival is recorded, and the alert is raised.
  await expect(page.getByTestId("flash")).toHaveText(
    `Llegada de ${group.toLocaleString("es-PA")} personas registrada en LBL. La instalación supera su capacidad efectiva.`,
  );
  await expect(page.getByRole("alert").filter({ hasText: "Sobre la capacidad" })).toBeVisible();
  await expectNoAxeViolations(page);

  const plannerContext = await browser.newContext();
  const planner = await plannerContext.newPage();
  await login(planner, accounts.planner);
  await planner.goto("/network");
  await expect(planner.getByRole("alert").filter({ hasText: "Instalaciones sobre su capacidad" })).toContainText("Lajas Blancas");
  await expectNoAxeViolations(planner);
  await plannerContext.close();
});

test("the intake API accepts a valid token and refuses a wrong one or one for another facility", async ({ page, request }) => {
  await login(page, accounts.admin);
  await page.goto("/admin/tokens");
  const form = page.locator("main form").filter({ has: page.getByRole("button", { name: "Crear token" }) });
  await form.getByLabel("Nombre").fill("Registro nacional (e2e)");
  await form.getByLabel(/^SVC/).check();
  await form.getByRole("button", { name: "Crear token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^alb_/);
  await expectNoAxeViolations(page);

  const auth = { Authorization: `Bearer ${token}` };
  const census = await request.get("/api/v1/facilities/SVC/census", { headers: auth });
  expect(census.status()).toBe(200);
  const total = (await census.json()).total as number;

  const body = {
    occurredAt: new Date().toISOString(),
    adultWomen: 2,
    girls0to11m: 1,
    lactating: 1,
    nationalities: [{ country: "HT", count: 3 }],
    biometricsRegistered: 3,
  };
  const headers = { ...auth, "Idempotency-Key": `e2e-${Date.now()}` };
  const created = await request.post("/api/v1/facilities/SVC/arrivals", { headers, data: body });
  expect(created.status()).toBe(201);
  // A retry over a flaky link counts once and gets the first answer back.
  const retried = await request.post("/api/v1/facilities/SVC/arrivals", { headers, data: body });
  expect(retried.status()).toBe(201);
  expect(await retried.json()).toEqual(await created.json());
  const after = await request.get("/api/v1/facilities/SVC/census", { headers: auth });
  expect((await after.json()).total).toBe(total + 3);

  const wrong = await request.get("/api/v1/facilities/SVC/census", { headers: { Authorization: "Bearer alb_not-a-real-token" } });
  expect(wrong.status()).toBe(401);
  const elsewhere = await request.post("/api/v1/facilities/LBL/arrivals", {
    headers: { ...auth, "Idempotency-Key": `e2e-lbl-${Date.now()}` },
    data: body,
  });
  expect(elsewhere.status()).toBe(403);
});
