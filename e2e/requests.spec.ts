import { expect, test } from "./fixtures";
import { accounts, expectNoAxeViolations, login, logout } from "./support";

// Runs with the tests that write shared data (playwright.config.ts, writesSharedData): it moves
// stock out of the warehouse (ALM) and into San Vicente. Issue 17: from a stock-out alert on the
// planner's dashboard to a request, its approval, the pick list at ALM, the shipment and its
// receipt at the station.

test("a stock-out alert becomes a request, approved, picked at the warehouse, shipped and received", async ({ page }) => {
  test.slow();
  await login(page, accounts.planner);
  // What the warehouse holds usable now (its stock page): an alert for an item it has none of
  // would end in an empty pick list, which is right but not this journey.
  await page.goto("/facilities/ALM/stock");
  const stocked = new Set<string>();
  for (const row of await page.locator("main table tbody tr").all()) {
    const code = (await row.locator(".font-mono").first().textContent())?.trim();
    const usable = ((await row.locator("td").first().textContent()) ?? "").trim();
    if (code && /^[1-9]/.test(usable)) stocked.add(code);
  }
  await page.goto("/planning");
  // Open every alert, then take the first stock-out at San Vicente of an item the warehouse holds.
  const more = page.getByTestId("all-alerts");
  if (await more.count()) await more.click();
  const candidates = page
    .locator('[data-kind="stockout"]')
    .filter({ hasText: "San Vicente" })
    .filter({ hasNot: page.getByText(/Agua/) })
    .getByRole("link", { name: "Solicitar" });
  await expect(candidates.first()).toBeVisible();
  let alertHref = "";
  for (const link of await candidates.all()) {
    const href = (await link.getAttribute("href")) ?? "";
    const item = new URL(href, "http://x").searchParams.get("item");
    if (item && stocked.has(item)) {
      alertHref = href;
      break;
    }
  }
  expect(alertHref, `a San Vicente stock-out of an item ALM holds (ALM holds ${[...stocked].join(", ")})`).not.toBe("");
  const requestLink = page.locator(`[data-kind="stockout"] a[href="${alertHref}"]`).first();
  expect(alertHref).toMatch(/^\/facilities\/SVC\/requests\/new\?item=/);
  await requestLink.click();

  // The form comes prefilled with the plan's suggested order and its formula.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nueva solicitud de existencias para San Vicente");
  await expect(page.getByRole("heading", { name: "Pedido sugerido por el plan" })).toBeVisible();
  const form = page.locator("main form");
  const quantity = form.getByLabel("Cantidad").first();
  await expect(quantity).not.toHaveValue("");
  await expect(form.getByLabel("Almacén")).toHaveValue("ALM");
  expect(alertHref).toContain(await form.getByLabel("Artículo 1").inputValue());
  await expectNoAxeViolations(page);
  await form.getByRole("button", { name: "Guardar como borrador" }).click();
  await expect(page.getByTestId("flash")).toContainText("guardada como borrador");
  const requestUrl = page.url();
  const id = /requests\/(\d+)$/.exec(requestUrl)?.[1];
  expect(id).toBeTruthy();
  await expect(page.locator('[aria-current="step"]')).toHaveText("Borrador");

  await page.getByRole("button", { name: "Enviar la solicitud" }).click();
  await expect(page.getByTestId("flash")).toHaveText(`Solicitud n.º ${id} enviada.`);
  await expect(page.locator('[aria-current="step"]')).toHaveText("Enviada");

  // The planner approves it as asked.
  await page.getByRole("link", { name: "Revisar y decidir" }).click();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Aprobar" }).click();
  await expect(page.getByTestId("flash")).toHaveText(`Solicitud n.º ${id} aprobada.`);
  await expect(page.locator('[aria-current="step"]')).toHaveText("Aprobada");
  await logout(page);

  // The warehouse's manager picks it, earliest expiry first, and ships it.
  await login(page, accounts.warehouse);
  await page.goto("/facilities/ALM");
  await page.getByRole("link", { name: "Preparación de pedidos" }).click();
  await page.getByRole("link", { name: new RegExp(`^Solicitud n\\.º ${id} de San Vicente`) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Lista de preparación: solicitud n.º ${id}`);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Empezar a preparar" }).click();
  await expect(page.getByTestId("flash")).toHaveText(`Preparación de la solicitud n.º ${id} en curso.`);
  await page.getByRole("button", { name: "Confirmar y despachar" }).click();
  await expect(page.getByTestId("flash")).toHaveText(`Solicitud n.º ${id} despachada: las existencias están en tránsito.`);
  await logout(page);

  // The station's manager sees it shipped and receives the shipment; the request closes.
  await login(page, accounts.manager);
  await page.goto(`/facilities/SVC/requests/${id}`);
  await expect(page.locator('[aria-current="step"]')).toHaveText("Despachada");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Recibir el envío" }).click();
  await page.getByRole("button", { name: "Registrar la recepción" }).click();
  await expect(page.getByTestId("flash")).toContainText("recibido");
  await page.goto(`/facilities/SVC/requests/${id}`);
  await expect(page.locator('[aria-current="step"]')).toHaveText(/^(✓ )?(Cerrada|Recibida)$/);
  await expect(page.getByTestId("request-history")).toContainText("Recibida");
  await expect(page.getByText(/^Plazo real:/)).toBeVisible();
  await logout(page);

  // The plan is computed again after the receipt (decision 018): the stock-out alert clears.
  await login(page, accounts.planner);
  const stillAlerting = async () => {
    await page.goto("/planning");
    const all = page.getByTestId("all-alerts");
    if (await all.count()) await all.click();
    return page.locator(`[data-kind="stockout"] a[href="${alertHref}"]`).count();
  };
  await expect.poll(stillAlerting, { timeout: 90_000, intervals: [2_000, 5_000] }).toBe(0);
});
