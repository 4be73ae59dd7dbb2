import { expect, test, type Page } from "./fixtures";
import { accounts, expectNoAxeViolations, login, markJavaScriptOff } from "./support";

// Managers and health workers enter data on 360 px phones (issue 15). Every page they use must
// fit the screen: no horizontal scroll, controls inside their columns, tables that scroll inside
// a region the keyboard can reach, and axe clean.
test.use({ viewport: { width: 360, height: 740 }, locale: "es-PA", hasTouch: true, isMobile: true });

async function expectFitsPhone(page: Page) {
  // Wait for the page to be interactive: steppers and live figures appear once hydrated.
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "1");
  const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(width, `scroll width of ${page.url()}`).toBeLessThanOrEqual(360);
  await expectNoAxeViolations(page);
}

/** Every button, field and select of the form is a tap target of at least 44 × 44 px. */
async function expectTapTargets(page: Page) {
  const small = await page.locator("main form").evaluateAll((forms) =>
    forms.flatMap((form) =>
      [...form.querySelectorAll<HTMLElement>("button, select, input:not([type=hidden]):not([type=checkbox]):not([type=radio])")]
        .filter((el) => el.offsetParent !== null)
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.height < 44 || box.width < 44)
        .map(({ el, box }) => `${el.tagName.toLowerCase()}[name=${el.getAttribute("name") ?? el.getAttribute("aria-label") ?? ""}] ${Math.round(box.width)}×${Math.round(box.height)}`),
    ),
  );
  expect(small).toEqual([]);
}

test("a manager's pages fit a 360 px phone, with steppers inside their columns", async ({ page }) => {
  // Seven pages, each checked with axe: give it room on a loaded CI machine.
  test.slow();
  await login(page, accounts.manager);
  for (const path of ["/facilities/SVC", "/facilities/SVC/stock", "/facilities/SVC/stock/ORS", "/facilities/SVC/stock/issues/new?item=ORS", "/facilities/SVC/stock/receipts/new"]) {
    await page.goto(path);
    await expectFitsPhone(page);
    if (path.includes("?item=ORS")) {
      // Distributing ORS offers ORS lots only, not every item's.
      const groups = await page.locator("main form select[name=lotId] optgroup").evaluateAll((g) => g.map((o) => o.getAttribute("label")));
      expect(groups).toEqual([expect.stringContaining("(ORS)")]);
    }
  }
  for (const path of ["/facilities/SVC/arrivals/new", "/facilities/SVC/departures/new"]) {
    await page.goto(path);
    await expectFitsPhone(page);
    await expectTapTargets(page);
    // No "+" overlaps the next column's "−".
    const boxes = await page.locator("main form fieldset:has(> div.grid)").first().locator("div.grid > div").evaluateAll((cells) =>
      cells.map((cell) => {
        const column = cell.getBoundingClientRect();
        const controls = [...cell.querySelectorAll("button, input")].map((c) => c.getBoundingClientRect());
        return { left: column.left, right: column.right, minLeft: Math.min(...controls.map((c) => c.left)), maxRight: Math.max(...controls.map((c) => c.right)) };
      }),
    );
    expect(boxes.length).toBeGreaterThan(0);
    for (const b of boxes) {
      expect(b.minLeft).toBeGreaterThanOrEqual(b.left - 0.5);
      expect(b.maxRight).toBeLessThanOrEqual(b.right + 0.5);
    }
  }
});

test("a list reads as cards on a phone, each value beside its column's name, and as a table on a wide screen", async ({ page }) => {
  await login(page, accounts.manager);
  await page.goto("/facilities/SVC/entries");
  await expectFitsPhone(page);
  const row = page.locator("main table tbody tr").first();
  const cells = await row.locator("td").evaluateAll((tds) =>
    tds
      .filter((td) => td.getBoundingClientRect().height > 0)
      .map((td) => ({ label: getComputedStyle(td, "::before").content, top: td.getBoundingClientRect().top, right: td.getBoundingClientRect().right })),
  );
  expect(cells.map((c) => c.label).slice(0, 4)).toEqual(['"#"', '"Fecha y hora"', '"Tipo"', '"Personas"']);
  // One under the other, inside the screen.
  for (let i = 1; i < cells.length; i += 1) expect(cells[i]!.top).toBeGreaterThan(cells[i - 1]!.top);
  for (const c of cells) expect(c.right).toBeLessThanOrEqual(360);
  await expect(page.locator("main table thead th").first()).not.toBeInViewport();

  await page.setViewportSize({ width: 1024, height: 740 });
  await expect(page.locator("main table thead")).toBeVisible();
  const wide = await row.locator("td").evaluateAll((tds) => tds.map((td) => ({ top: Math.round(td.getBoundingClientRect().top), label: getComputedStyle(td, "::before").content })));
  expect(new Set(wide.map((c) => c.top)).size).toBe(1);
  expect(wide.every((c) => c.label === "none")).toBe(true);
});

test("a health worker's pages and the printable care summary fit a 360 px phone", async ({ page }) => {
  test.slow();
  await login(page, accounts.health);
  await page.goto("/facilities/SVC/care/new");
  await expectFitsPhone(page);
  const form = page.locator("main form");
  // Pregnancy is asked only of women and girls: the questions follow the sex chosen.
  await form.getByLabel("Sexo").selectOption("male");
  await expect(form.getByLabel("Está embarazada")).toHaveCount(0);
  await form.getByLabel("Sexo").selectOption("female");
  await expect(form.getByLabel("Está embarazada")).toBeVisible();
  await expect(form.getByText("Se conoce", { exact: true })).toHaveCount(0);
  await form.getByLabel("Nombre (opcional)").fill(`Teléfono ${Date.now()}`);
  await form.getByLabel("Fecha de nacimiento").fill("2025-06-02");
  await form.getByRole("button", { name: "Registrar", exact: true }).click();
  await expect(page.getByTestId("flash")).toContainText("registrado");
  const code = /Caso ([A-HJ-NP-Z2-9]{8}) registrado/.exec(await page.getByTestId("flash").innerText())?.[1];
  expect(code).toBeTruthy();
  await expectFitsPhone(page);
  // A dose given elsewhere, copied from the person's card (issue 17 item 8): no stock, on the summary as "(carné)".
  const fromCard = page.locator("section", { has: page.getByRole("heading", { name: "Dosis aplicada en otro lugar (desde carné)" }) });
  await fromCard.getByLabel("Vacuna").selectOption("VAC-HEXA");
  await fromCard.getByLabel("Número de dosis").fill("1");
  await fromCard.getByLabel("Fecha en que se aplicó").fill("2025-08-05");
  await fromCard.getByLabel("País").selectOption("CO");
  await fromCard.getByLabel("Lugar (establecimiento, ciudad)").fill("Centro de Salud Necoclí");
  await fromCard.getByLabel("Lote (si el carné lo indica)").fill("HX-CARD-9");
  await fromCard.getByRole("button", { name: "Registrar dosis del carné" }).click();
  await expect(page.getByTestId("flash")).toContainText("desde el carné");
  await expect(page.locator("#doses-title + ul")).toContainText("desde carné: Centro de Salud Necoclí, Colombia");
  await expectFitsPhone(page);
  for (const path of ["/facilities/SVC/care", `/facilities/SVC/care/${code}/summary`]) {
    await page.goto(path);
    await expectFitsPhone(page);
  }
  // The card people carry through five countries prints the month's name, never 06/02/2025.
  await expect(page.getByTestId("care-summary")).toContainText("2 jun 2025");
  await expect(page.getByTestId("care-summary")).not.toContainText("06/02/2025");
  await expect(page.getByTestId("care-summary")).toContainText("(carné)");
  // The QR code of the doses (issue 18 item 3) fits beside the rest on the phone.
  const qr = page.getByTestId("immunization-qr").locator("svg");
  await expect(qr).toBeVisible();
  const box = (await qr.boundingBox())!;
  expect(box.width).toBeGreaterThan(120);
  expect(box.x + box.width).toBeLessThanOrEqual(360);
});

test("the planner's dashboard and situation report fit a 360 px phone", async ({ page }) => {
  await login(page, accounts.planner);
  for (const path of ["/planning", "/planning/report"]) {
    await page.goto(path);
    await expectFitsPhone(page);
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test.beforeEach(({ page }) => markJavaScriptOff(page));

  test("the arrival form shows no control that does nothing: plain number fields, no steppers or live totals", async ({ page }) => {
    await login(page, accounts.manager);
    await page.goto("/facilities/SVC/arrivals/new");
    const form = page.locator("main form");
    await expect(form.getByLabel("Hombres adultos", { exact: true })).toBeVisible();
    await expect(form.getByRole("button", { name: /^(Quitar|Sumar|Restar|Aumentar|Disminuir)/ })).toHaveCount(0);
    await expect(form.getByRole("button", { name: "−" })).toHaveCount(0);
    await expect(form.getByText(/Total del grupo/)).toHaveCount(0);
    await expect(form.getByText(/Por asignar/)).toHaveCount(0);
    await expectNoAxeViolations(page);
  });
});
