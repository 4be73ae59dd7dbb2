import { expect, test as base, type Page } from "./fixtures";
import { startDatabase, stopDatabase } from "./outage";
import { accounts, expectNoAxeViolations, login } from "./support";
import { throttledLink } from "./throttle";

// The offline outbox (issue 15, decision 019) on a phone: what is submitted with the link down
// is kept on the device, shown as pending, and recorded exactly once when the link returns; a
// refusal lands in "needs attention" with the server's reason. It writes arrivals at LBL and a
// delivery at SVC, so it runs after every other test (playwright.config.ts).

// Every journey here goes over the stations' satellite link (issue 15): 400 kbps shared, 400 ms
// there and back (e2e/throttle.ts), between the phone and the server, for the page, its API
// calls and the outbox's replays alike. The project gives these tests' expectations more time
// to see their condition (playwright.config.ts): a first visit takes seconds on this link.
const test = base.extend<object, { satelliteLink: string }>({
  satelliteLink: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, provide, workerInfo) => {
      const link = await throttledLink(new URL(workerInfo.project.use.baseURL!), { kbps: 400, latencyMs: 400 });
      await provide(link.url);
      await link.close();
    },
    { scope: "worker" },
  ],
  baseURL: async ({ satelliteLink }, provide) => provide(satelliteLink),
});

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

/** A time typed in the form, `minutesAgo` before now on the facilities' clock (America/Panama). */
function typedTime(minutesAgo: number): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/Panama",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(Date.now() - minutesAgo * 60_000));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

async function openHydrated(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "1");
}

/** The service worker keeps the form page for this user (deterministic: it polls the caches). */
async function expectKeptOffline(page: Page, path: string) {
  await expect
    .poll(() =>
      page.evaluate(async (p) => {
        const href = new URL(p, location.origin).href;
        for (const name of await caches.keys()) {
          if (name.startsWith("albergue-user-") && (await (await caches.open(name)).match(href))) return true;
        }
        return false;
      }, path),
    )
    .toBe(true);
}

const badge = (page: Page) => page.getByTestId("outbox-badge");

/**
 * A group size of its own for each run: the server asks before recording a group identical to
 * one the same person recorded minutes ago, and another run of this file may have just done so.
 */
const varied = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));

test("an arrival and a delivery made offline are recorded once when the link returns", async ({ page, context }) => {
  test.slow();
  const suffix = Date.now().toString(36).toUpperCase();
  const origin = `Offline ${suffix}`;
  // At most 18 people: a group far above the station's usual size would be asked about too.
  const [men, boys, babies] = [varied(2, 10), varied(1, 5), varied(1, 3)];
  const people = men + boys + babies;
  await login(page, accounts.manager);

  // Both forms, opened once online, open again with the link down.
  await openHydrated(page, "/facilities/SVC/stock/receipts/new");
  await expectKeptOffline(page, "/facilities/SVC/stock/receipts/new");
  await openHydrated(page, "/facilities/LBL/arrivals/new");
  await expectKeptOffline(page, "/facilities/LBL/arrivals/new");
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registrar llegada");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "1");

  // Typed two hours after the group arrived, submitted with no link.
  const form = page.locator("main form");
  await form.getByLabel("Fecha y hora").fill(typedTime(120));
  await form.locator('input[name="adultMen"]').fill(String(men));
  await form.locator('input[name="boys5to17"]').fill(String(boys));
  await form.locator('input[name="girls0to11m"]').fill(String(babies));
  await form.locator('select[name="nationalities[0].country"]').selectOption("HT");
  await form.locator('input[name="nationalities[0].count"]').fill(String(people));
  await form.getByLabel("Procedencia").fill(origin);
  await form.getByRole("button", { name: "Registrar" }).click();
  await expect(page.getByTestId("outbox-queued")).toContainText("el registro quedó guardado en este dispositivo");
  await expect(badge(page)).toHaveText("1 pendiente");
  // The form is cleared for the next group.
  await expect(form.locator('input[name="adultMen"]')).toHaveValue("");
  await expect(form.getByLabel("Procedencia")).toHaveValue("");

  // A delivery at San Vicente, still offline.
  await openHydrated(page, "/facilities/SVC/stock/receipts/new");
  const lot = `E2E-OFF-${suffix}`;
  const receipt = page.locator("main form");
  const line = receipt.getByRole("group", { name: "Línea 1" });
  await receipt.getByLabel("Origen").fill("UNICEF");
  await receipt.getByLabel("Documento").fill(`GR-OFF-${suffix}`);
  await line.getByLabel("Artículo").selectOption("RATION-KIT");
  await line.getByLabel(/^Cantidad/).fill("25");
  await line.getByLabel("Número de lote").fill(lot);
  await line.getByLabel("Vencimiento").fill("2027-10-31");
  await receipt.getByRole("button", { name: "Registrar la entrega" }).click();
  await expect(page.getByTestId("outbox-queued")).toBeVisible();
  await expect(badge(page)).toHaveText("2 pendientes");

  await badge(page).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pendientes de envío");
  const entries = page.getByTestId("outbox-entry");
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText(`Llegada · Instalación LBL · ${people} personas`);
  await expect(entries.nth(1)).toContainText("Recepción de insumos · Instalación SVC");
  await expectNoAxeViolations(page);

  // The link returns: both are sent, in order, and leave the device.
  await context.setOffline(false);
  await expect(page.getByTestId("outbox-empty")).toBeVisible();
  await expect(badge(page)).toHaveCount(0);

  // Exactly one arrival, at the time typed, with the time the server wrote it.
  await page.goto("/facilities/LBL/entries");
  const rows = page.locator("main table tbody tr", { hasText: origin });
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(`+${people}`);
  await expect(rows).toContainText("Registrado en el sistema:");

  // Exactly one delivery of the lot: 25 kits.
  await page.goto("/facilities/SVC/stock/RATION-KIT");
  const lotRows = page.locator("main table").first().locator("tr", { hasText: lot });
  await expect(lotRows).toHaveCount(1);
  await expect(lotRows).toContainText("25");
});

test("a departure refused on replay lands in needs attention with the server's reason", async ({ page, context }) => {
  test.slow();
  await login(page, accounts.manager);
  await openHydrated(page, "/facilities/LBL/departures/new");
  // Offline work starts once the service worker holds the form (on this link, seconds after the
  // first visit): before that, Remix cannot ask for the route it submits to.
  await expectKeptOffline(page, "/facilities/LBL/departures/new");
  await context.setOffline(true);
  const form = page.locator("main form");
  // Far more adult men than LBL holds: the server can only refuse it.
  await form.locator('input[name="adultMen"]').fill("4999");
  await form.getByRole("textbox", { name: "Destino" }).fill("Costa Rica");
  await form.getByRole("button", { name: "Registrar" }).click();
  await expect(badge(page)).toHaveText("1 pendiente");

  await context.setOffline(false);
  await expect(badge(page)).toHaveText("1 requiere atención");
  await badge(page).click();
  const entry = page.getByTestId("outbox-entry");
  await expect(entry).toHaveAttribute("data-status", "attention");
  await expect(page.getByRole("heading", { name: "1 requiere atención" })).toBeVisible();
  await expect(entry.getByTestId("outbox-reason")).toContainText("presentes en este grupo");
  await expectNoAxeViolations(page);

  // Kept until the user discards it.
  page.once("dialog", (dialog) => void dialog.accept());
  await entry.getByRole("button", { name: "Descartar" }).click();
  await expect(page.getByTestId("outbox-empty")).toBeVisible();
  await expect(badge(page)).toHaveCount(0);
});

test("a departure submitted as the link drops, before the service worker holds the form, is kept and sent", async ({ page, context }) => {
  test.slow();
  const destination = `Early ${Date.now().toString(36).toUpperCase()}`;
  await login(page, accounts.manager);
  // The first visit to the form on this link: the link drops as soon as the page works, before
  // the service worker has kept anything. The page knows every route it may submit to from the
  // start (decision 019), so the submission reaches the outbox instead of an error page.
  await openHydrated(page, "/facilities/LBL/departures/new");
  await context.setOffline(true);
  const form = page.locator("main form");
  await form.locator('input[name="adultWomen"]').fill(String(varied(1, 9)));
  await form.locator('input[name="boys5to17"]').fill(String(varied(1, 9)));
  await form.getByRole("textbox", { name: "Destino" }).fill(destination);
  await form.getByRole("button", { name: "Registrar" }).click();
  await expect(page.getByTestId("outbox-queued")).toBeVisible();
  await expect(badge(page)).toHaveText("1 pendiente");

  await context.setOffline(false);
  await expect(badge(page)).toHaveCount(0);
  await page.goto("/facilities/LBL/entries");
  await expect(page.locator("main table tbody tr", { hasText: destination })).toHaveCount(1);
});

test("two identical groups entered offline: the second is asked about, and recorded once answered", async ({ page, context }) => {
  test.slow();
  const origin = `Twins ${Date.now().toString(36).toUpperCase()}`;
  const [boys, girls] = [varied(2, 12), varied(1, 5)];
  await login(page, accounts.manager);
  await openHydrated(page, "/facilities/LBL/arrivals/new");
  // Offline work starts once the service worker holds the form (on this link, seconds after the
  // first visit): before that, Remix cannot ask for the route it submits to.
  await expectKeptOffline(page, "/facilities/LBL/arrivals/new");
  await context.setOffline(true);
  const form = page.locator("main form");
  for (const expected of ["1 pendiente", "2 pendientes"]) {
    await form.locator('input[name="adultWomen"]').fill("1");
    await form.locator('input[name="boys1to4"]').fill(String(boys));
    await form.locator('input[name="girls5to17"]').fill(String(girls));
    await form.locator('select[name="nationalities[0].country"]').selectOption("VE");
    await form.locator('input[name="nationalities[0].count"]').fill(String(boys + girls + 1));
    await form.getByLabel("Procedencia").fill(origin);
    await form.getByRole("button", { name: "Registrar" }).click();
    await expect(badge(page)).toHaveText(expected);
  }

  // The first is recorded; the second looks like a resend of it, so the server asks.
  await context.setOffline(false);
  await expect(badge(page)).toHaveText("1 requiere atención");
  await badge(page).click();
  const entry = page.getByTestId("outbox-entry");
  await expect(entry.getByTestId("outbox-reason")).toContainText(`Usted registró un grupo idéntico (total: ${boys + girls + 1})`);
  await entry.getByRole("button", { name: "Sí, es otro grupo: registrarlo también" }).click();
  await expect(page.getByTestId("outbox-empty")).toBeVisible();

  await page.goto("/facilities/LBL/entries");
  await expect(page.locator("main table tbody tr", { hasText: origin })).toHaveCount(2);
});

test("logging out deletes what the device still holds, after saying so", async ({ page, context }) => {
  test.slow();
  await login(page, accounts.manager);
  await openHydrated(page, "/facilities/LBL/departures/new");
  // Offline work starts once the service worker holds the form (on this link, seconds after the
  // first visit): before that, Remix cannot ask for the route it submits to.
  await expectKeptOffline(page, "/facilities/LBL/departures/new");
  await context.setOffline(true);
  const form = page.locator("main form");
  // One the server will refuse, so nothing is recorded whenever the link returns.
  await form.locator('input[name="adultMen"]').fill("4999");
  await form.getByRole("textbox", { name: "Destino" }).fill("Costa Rica");
  await form.getByRole("button", { name: "Registrar" }).click();
  await expect(badge(page)).toHaveText("1 pendiente");
  await context.setOffline(false);
  await expect(badge(page)).toHaveText("1 requiere atención");

  // Asked first; "no" keeps the session and the entry.
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toBe("Hay 1 registro sin enviar en este dispositivo; al cerrar la sesión se borrará. ¿Cerrar sesión?");
    void dialog.dismiss();
  });
  await page.getByRole("button", { name: "Cerrar sesión" }).click();
  await expect(badge(page)).toHaveText("1 requiere atención");
  await expect(page).toHaveURL(/\/departures\/new$/);

  // "Yes": the session ends, and the entry and the kept pages leave the device with it.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Cerrar sesión" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect
    .poll(() => page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith("albergue-user-")).length))
    .toBe(0);
  await login(page, accounts.manager);
  await openHydrated(page, "/outbox");
  await expect(page.getByTestId("outbox-empty")).toBeVisible();
  await expect(badge(page)).toHaveCount(0);
});

test("with the link cut and the database stopped, each entry is recorded exactly once when both return", async ({ page, context, request }) => {
  test.slow();
  const suffix = Date.now().toString(36).toUpperCase();
  const [first, second] = [`Cut A ${suffix}`, `Cut B ${suffix}`];
  const destination = `Cut D ${suffix}`;
  const lot = `E2E-CUT-${suffix}`;
  const issueNote = `Reparto sin conexión ${suffix}`;
  const [men, women, leaving, handedOut] = [varied(2, 19), varied(2, 19), varied(1, 9), varied(2, 6)];
  await login(page, accounts.manager);
  const forms = ["/facilities/LBL/arrivals/new", "/facilities/LBL/departures/new", "/facilities/SVC/stock/receipts/new", "/facilities/SVC/stock/issues/new"];
  for (const path of forms) {
    await openHydrated(page, path);
    await expectKeptOffline(page, path);
  }

  // The database stops: the server answers 503, and the kept form is shown instead of that page.
  await stopDatabase(request);
  await openHydrated(page, "/facilities/LBL/departures/new");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registrar salida o traslado");
  // Then the link drops too.
  await context.setOffline(true);

  await openHydrated(page, "/facilities/LBL/arrivals/new");
  const arrival = page.locator("main form");
  for (const [origin, group, count, expected] of [
    [first, "adultMen", men, "1 pendiente"],
    [second, "adultWomen", women, "2 pendientes"],
  ] as const) {
    await arrival.locator(`input[name="${group}"]`).fill(String(count));
    await arrival.locator('select[name="nationalities[0].country"]').selectOption("CO");
    await arrival.locator('input[name="nationalities[0].count"]').fill(String(count));
    await arrival.getByLabel("Procedencia").fill(origin);
    await arrival.getByRole("button", { name: "Registrar" }).click();
    await expect(badge(page)).toHaveText(expected);
  }

  await openHydrated(page, "/facilities/LBL/departures/new");
  const departure = page.locator("main form");
  // Adult women only: no other departure in this file is of that make-up (the server would ask
  // about a group identical to one the same person recorded minutes ago).
  await departure.locator('input[name="adultWomen"]').fill(String(leaving));
  await departure.getByRole("textbox", { name: "Destino" }).fill(destination);
  await departure.getByRole("button", { name: "Registrar" }).click();
  await expect(badge(page)).toHaveText("3 pendientes");

  await openHydrated(page, "/facilities/SVC/stock/receipts/new");
  const receipt = page.locator("main form");
  const line = receipt.getByRole("group", { name: "Línea 1" });
  await receipt.getByLabel("Origen").fill("UNICEF");
  await receipt.getByLabel("Documento").fill(`GR-CUT-${suffix}`);
  await line.getByLabel("Artículo").selectOption("RATION-KIT");
  await line.getByLabel(/^Cantidad/).fill("25");
  await line.getByLabel("Número de lote").fill(lot);
  await line.getByLabel("Vencimiento").fill("2027-11-30");
  await receipt.getByRole("button", { name: "Registrar la entrega" }).click();
  await expect(badge(page)).toHaveText("4 pendientes");

  await openHydrated(page, "/facilities/SVC/stock/issues/new");
  const issue = page.locator("main form");
  await issue.locator('select[name="item"]').selectOption("RATION-KIT");
  await issue.getByLabel(/^Cantidad/).fill(String(handedOut));
  // People served from the clock's seconds: the server asks about a distribution of the same item,
  // quantity and people by the same person within 15 minutes (900 s), and an earlier test or run
  // may have handed out the same few kits; no two runs within 1,000 s share this figure.
  await issue.getByLabel("Personas atendidas").fill(String(100 + (Math.floor(Date.now() / 1000) % 1000)));
  await issue.locator('textarea[name="notes"]').fill(issueNote);
  await issue.getByRole("button", { name: "Registrar la distribución" }).click();
  await expect(badge(page)).toHaveText("5 pendientes");

  // The link returns, the database is still down: every send is answered 503. The first entry
  // is tried and kept; the rest wait behind it, in order.
  await badge(page).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pendientes de envío");
  const entries = page.getByTestId("outbox-entry");
  await expect(entries).toHaveCount(5);
  await context.setOffline(false);
  await expect(entries.first()).toContainText(/\d+ intentos?, el último/);
  await expect(page.getByRole("heading", { name: "5 pendientes" })).toBeVisible();
  for (let i = 1; i < 5; i += 1) await expect(entries.nth(i)).not.toContainText("intento");

  // The database is back: everything goes, once.
  await startDatabase(request);
  await page.getByRole("button", { name: "Enviar ahora" }).click();
  await expect(page.getByTestId("outbox-empty")).toBeVisible();
  await expect(badge(page)).toHaveCount(0);

  await page.goto("/facilities/LBL/entries");
  const rows = page.locator("main table tbody tr");
  await expect(rows.filter({ hasText: first })).toHaveCount(1);
  await expect(rows.filter({ hasText: first })).toContainText(`+${men}`);
  await expect(rows.filter({ hasText: second })).toHaveCount(1);
  await expect(rows.filter({ hasText: second })).toContainText(`+${women}`);
  await expect(rows.filter({ hasText: destination })).toHaveCount(1);
  await expect(rows.filter({ hasText: destination })).toContainText(`−${leaving}`);

  await page.goto("/facilities/SVC/stock/RATION-KIT");
  await expect(page.locator("main table").first().locator("tr", { hasText: lot })).toHaveCount(1);
  await expect(page.locator("main table tr", { hasText: issueNote })).toHaveCount(1);
});

test("two devices replay conflicting departures: the second needs attention with the reason, and is put right from its form", async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  test.slow();
  const suffix = Date.now().toString(36).toUpperCase();
  const [firstDestination, secondDestination] = [`Device A ${suffix}`, `Device B ${suffix}`];
  const other = await browser.newContext({ baseURL, locale: "es-PA", viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const phone = await other.newPage();
  try {
    await login(page, accounts.manager);
    await login(phone, accounts.manager);
    // At least four men present, so that the two departures below never look like one group
    // sent twice (the server asks about that first, for the same person).
    await openHydrated(page, "/facilities/LBL/arrivals/new");
    const arrival = page.locator("main form");
    const [men, babies] = [varied(4, 9), 1];
    await arrival.locator('input[name="adultMen"]').fill(String(men));
    await arrival.locator('input[name="boys0to11m"]').fill(String(babies));
    await arrival.locator('select[name="nationalities[0].country"]').selectOption("EC");
    await arrival.locator('input[name="nationalities[0].count"]').fill(String(men + babies));
    await arrival.getByLabel("Procedencia").fill(`Before the conflict ${suffix}`);
    await arrival.getByRole("button", { name: "Registrar" }).click();
    await expect(page.getByTestId("flash")).toBeVisible();
    await openHydrated(page, "/facilities/LBL/departures/new");
    await openHydrated(phone, "/facilities/LBL/departures/new");
    // The adult men present, as both devices saw them before the link dropped.
    const present = Number((await page.locator("#departures-new-adultMen-hint").textContent())!.replace(/\D/g, ""));
    expect(present).toBeGreaterThanOrEqual(4);

    await context.setOffline(true);
    await other.setOffline(true);
    // Each departure alone is possible; together they take more men than are present.
    for (const [device, count, destination] of [
      [page, present - 1, firstDestination],
      [phone, 2, secondDestination],
    ] as const) {
      const form = device.locator("main form");
      await form.locator('input[name="adultMen"]').fill(String(count));
      await form.getByRole("textbox", { name: "Destino" }).fill(destination);
      await form.getByRole("button", { name: "Registrar" }).click();
      await expect(badge(device)).toHaveText("1 pendiente");
    }

    // The first device reconnects first: its departure is recorded.
    await context.setOffline(false);
    await expect(badge(page)).toHaveCount(0);
    // The second one's can no longer be: refused, kept, with the server's reason and figure.
    await other.setOffline(false);
    await expect(badge(phone)).toHaveText("1 requiere atención");
    await badge(phone).click();
    const entry = phone.getByTestId("outbox-entry");
    await expect(entry).toHaveAttribute("data-status", "attention");
    await expect(entry.getByTestId("outbox-reason")).toContainText("Solo hay 1 presente en este grupo.");
    await expectNoAxeViolations(phone);

    // Opened in its form with what was typed; saved with one man, it is sent under its key.
    await entry.getByRole("link", { name: "Modificar" }).click();
    const form = phone.locator("main form");
    await expect(phone.getByTestId("outbox-editing")).toBeVisible();
    await expect(form.locator('input[name="adultMen"]')).toHaveValue("2");
    await expect(form.getByRole("textbox", { name: "Destino" })).toHaveValue(secondDestination);
    await expectNoAxeViolations(phone);
    await form.locator('input[name="adultMen"]').fill("1");
    await form.getByRole("button", { name: "Registrar" }).click();
    await expect(phone.getByTestId("outbox-queued")).toContainText("El registro pendiente quedó modificado");
    await expect(badge(phone)).toHaveCount(0);

    await page.goto("/facilities/LBL/entries");
    const rows = page.locator("main table tbody tr");
    await expect(rows.filter({ hasText: firstDestination })).toHaveCount(1);
    await expect(rows.filter({ hasText: firstDestination })).toContainText(`−${new Intl.NumberFormat("es-PA").format(present - 1)}`);
    await expect(rows.filter({ hasText: secondDestination })).toHaveCount(1);
    await expect(rows.filter({ hasText: secondDestination })).toContainText("−1");
  } finally {
    await other.close();
  }
});

test("a child's visit and a dose recorded offline on a case are sent once the link returns", async ({ page, context }) => {
  test.slow();
  const born = new Date();
  born.setUTCMonth(born.getUTCMonth() - 18);
  await login(page, accounts.health);
  await page.goto("/facilities/SVC/care/new");
  const registration = page.locator("main form");
  await registration.getByLabel("Nombre (opcional)").fill(`Niña sin conexión ${Date.now().toString(36)}`);
  await registration.getByLabel("Sexo").selectOption("female");
  await registration.getByLabel("Fecha de nacimiento").fill(born.toISOString().slice(0, 10));
  await registration.getByRole("button", { name: "Registrar", exact: true }).click();
  const code = /Caso ([A-HJ-NP-Z2-9]{8}) registrado/.exec(await page.getByTestId("flash").innerText())?.[1];
  expect(code).toBeTruthy();
  const casePage = `/facilities/SVC/care/${code}`;
  for (const path of [casePage, `${casePage}/vaccinate`]) {
    await openHydrated(page, path);
    await expectKeptOffline(page, path);
  }

  await context.setOffline(true);
  await openHydrated(page, casePage);
  const child = page.locator("main form", { has: page.getByRole("button", { name: "Guardar atención" }) });
  await child.getByLabel("Peso (kg)").fill("9.4");
  await child.getByLabel("Perímetro braquial, PB (mm)").fill("131");
  await child.getByRole("button", { name: "Guardar atención" }).click();
  await expect(page.getByTestId("outbox-queued")).toBeVisible();
  await expect(badge(page)).toHaveText("1 pendiente");
  // Cleared for the next visit.
  await expect(child.getByLabel("Peso (kg)")).toHaveValue("");
  // A dose copied from the person's card (issue 17 item 8) waits on the device the same way.
  const fromCard = page.locator("main form", { has: page.getByRole("button", { name: "Registrar dosis del carné" }) });
  await fromCard.getByLabel("Vacuna", { exact: true }).selectOption("VAC-HEXA");
  await fromCard.getByLabel("Número de dosis").fill("1");
  await fromCard.getByLabel("Fecha en que se aplicó").fill(new Date(born.getTime() + 75 * 86_400_000).toISOString().slice(0, 10));
  await fromCard.getByLabel("País").selectOption("CO");
  await fromCard.getByLabel("Lugar (establecimiento, ciudad)").fill("Centro de Salud Necoclí");
  await fromCard.getByRole("button", { name: "Registrar dosis del carné" }).click();
  await expect(page.getByTestId("outbox-queued").first()).toBeVisible();
  await expect(badge(page)).toHaveText("2 pendientes");

  await openHydrated(page, `${casePage}/vaccinate`);
  const dose = page.locator("main form", { has: page.getByRole("button", { name: "Registrar", exact: true }) }).first();
  await dose.getByLabel("Vacuna", { exact: true }).selectOption("VAC-MR");
  await dose.getByLabel("Número de dosis").fill("1");
  await dose.getByRole("button", { name: "Registrar", exact: true }).click();
  await expect(page.getByTestId("outbox-queued")).toBeVisible();
  await expect(badge(page)).toHaveText("3 pendientes");

  await badge(page).click();
  const entries = page.getByTestId("outbox-entry");
  await expect(entries.nth(0)).toContainText("Control infantil · Instalación SVC");
  await expect(entries.nth(1)).toContainText("Dosis desde carné · Instalación SVC");
  await expect(entries.nth(2)).toContainText("Dosis de vacuna · Instalación SVC");
  await expectNoAxeViolations(page);
  await context.setOffline(false);
  await expect(page.getByTestId("outbox-empty")).toBeVisible();

  await page.goto(casePage);
  await expect(page.locator('section[aria-labelledby="history-title"] li')).toHaveCount(1);
  await expect(page.locator('section[aria-labelledby="doses-title"] li')).toHaveCount(2);
  await expect(page.locator('section[aria-labelledby="doses-title"]')).toContainText("desde carné: Centro de Salud Necoclí, Colombia");
});

test.describe("when the server answers 503", () => {
  // Routing the page's requests needs the service worker out of the way (Playwright does not
  // see requests a worker handles); the forms' own code is what is tested here.
  test.use({ serviceWorkers: "block" });

  test("a departure answered 503 is kept and sent once the server is back", async ({ page }) => {
    test.slow();
    const destination = `Busy ${Date.now().toString(36).toUpperCase()}`;
    await login(page, accounts.manager);
    await openHydrated(page, "/facilities/LBL/departures/new");
    // The server is up but cannot take the write (its database is down, or it is over its time budget).
    await page.route("**/facilities/LBL/departures/new.data*", (route) =>
      route.fulfill({ status: 503, contentType: "text/plain", body: "The server is busy; try again. / El servidor está ocupado; vuelva a intentarlo." }),
    );
    await page.route("**/facilities/LBL/departures/new", (route) =>
      route.request().method() === "POST" ? route.fulfill({ status: 503, contentType: "text/plain", body: "busy" }) : route.continue(),
    );
    const form = page.locator("main form");
    await form.locator('input[name="adultWomen"]').fill(String(varied(1, 9)));
    await form.locator('input[name="girls5to17"]').fill(String(varied(1, 9)));
    await form.getByRole("textbox", { name: "Destino" }).fill(destination);
    await form.getByRole("button", { name: "Registrar" }).click();
    await expect(page.getByTestId("outbox-queued")).toBeVisible();
    await expect(badge(page)).toHaveText("1 pendiente");

    // Still 503 on the next tries (opening the page sends too): kept, with its attempts.
    await badge(page).click();
    await page.getByRole("button", { name: "Enviar ahora" }).click();
    await expect(page.getByTestId("outbox-entry")).toContainText(/\d+ intentos?, el último/);
    await expect(page.getByTestId("outbox-entry")).toHaveAttribute("data-status", "pending");

    // The server is back.
    await page.unrouteAll();
    await page.getByRole("button", { name: "Enviar ahora" }).click();
    await expect(page.getByTestId("outbox-empty")).toBeVisible();
    await page.goto("/facilities/LBL/entries");
    await expect(page.locator("main table tbody tr", { hasText: destination })).toHaveCount(1);
  });
});
