import { writeFileSync } from "node:fs";
import { cameraFrame, gs1Symbol, loadLocalZxing, y4m } from "../test/support/gs1-frames";
import { expect, test } from "./fixtures";
import { accounts, expectNoAxeViolations, login, markJavaScriptOff } from "./support";

// Issue 17 item 7, decision 023: the scan field reads a GS1 code with the phone's camera.
// Chromium plays a video file as its camera (--use-file-for-fake-video-capture); the file must
// exist before that browser starts, so the test draws a GS1 DataMatrix with zxing-wasm's writer,
// writes it as a Y4M video and launches its own Chromium with those flags (the project's other
// options kept). It runs in the "chromium" project: it fills a receipt form but never saves it,
// so it writes nothing another test reads (see playwright.config.ts).

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "es-PA" } as const;
// ORS is a demo GTIN (db/seed-stock.server.ts), so the item is filled too.
const carton = "(01)09506000100036(17)270131(10)LOT-42";

test("a manager on a phone presses “Escanear con la cámara” on a receipt and the camera's DataMatrix fills item, lot and expiry", async ({ playwright, launchOptions, baseURL }, testInfo) => {
  loadLocalZxing();
  const symbol = await gs1Symbol(carton, "DataMatrix");
  const video = testInfo.outputPath("gs1-datamatrix.y4m");
  writeFileSync(video, y4m(cameraFrame(640, 480, [{ symbol, x: 250, y: 170, module: 6 }])));

  const browser = await playwright.chromium.launch({
    ...launchOptions,
    args: [...(launchOptions.args ?? []), "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const context = await browser.newContext({ ...phone, baseURL });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (/Content Security Policy|Permissions policy/i.test(message.text())) problems.push(message.text());
    });
    const decoderRequests: string[] = [];
    page.on("request", (request) => {
      if (/zxing|camera-decoder/.test(request.url())) decoderRequests.push(new URL(request.url()).pathname);
    });

    await login(page, accounts.manager);
    const response = await page.goto("/facilities/SVC/stock/receipts/new");
    const form = page.locator("main form");
    // The decoder is not part of the form's first load: the page's scripts do not name it.
    const html = await response!.text();
    expect(html).toMatch(/\/build\/routes\/[^"]+\.js/);
    expect(html).not.toMatch(/zxing|camera-decoder/);

    await form.getByRole("button", { name: "Escanear con la cámara" }).click();
    const panel = page.getByTestId("camera-scan-panel");
    await expect(panel.getByLabel("Imagen de la cámara")).toBeVisible();

    await expect(page.getByTestId("gs1-scan-outcome")).toHaveText("Línea 1: artículo ORS, lote LOT-42. Escriba la cantidad.");
    const line1 = form.getByRole("group", { name: "Línea 1" });
    await expect(line1.getByLabel("Artículo")).toHaveValue("ORS");
    await expect(line1.getByLabel("Número de lote")).toHaveValue("LOT-42");
    await expect(line1.getByLabel("Vencimiento")).toHaveValue("2027-01-31");
    // The camera stopped and its panel closed.
    await expect(panel).toHaveCount(0);
    await expect(form.getByRole("button", { name: "Escanear con la cámara" })).toBeVisible();
    expect(await page.evaluate(() => document.querySelectorAll("video").length)).toBe(0);
    // The decoder's files came from this site: the module chunk and the .wasm under /build/.
    expect(decoderRequests.some((p) => /^\/build\/_assets\/zxing_reader-\w+\.wasm$/.test(p)), decoderRequests.join(", ")).toBe(true);
    expect(decoderRequests.every((p) => p.startsWith("/build/")), decoderRequests.join(", ")).toBe(true);

    // Opening it again and cancelling closes the camera without filling anything.
    await form.getByRole("button", { name: "Escanear con la cámara" }).click();
    await expect(panel).toBeVisible();
    await panel.getByRole("button", { name: "Cancelar" }).click();
    await expect(panel).toHaveCount(0);
    await expect(form.getByRole("button", { name: "Escanear con la cámara" })).toBeFocused();
    await expectNoAxeViolations(page);
    expect(problems).toEqual([]);
  } finally {
    await browser.close();
  }
});

test.describe("on a phone whose browser finds no camera", () => {
  test.use(phone);

  test("pressing the camera button says so in Spanish and leaves the form as it was", async ({ page }) => {
    // The project's Chromium has no camera device (no fake one): getUserMedia fails.
    await login(page, accounts.manager);
    await page.goto("/facilities/SVC/stock/receipts/new");
    const form = page.locator("main form");
    await form.getByRole("button", { name: "Escanear con la cámara" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "cámara" })).toHaveText(
      "Este dispositivo no tiene una cámara disponible. Use el lector o escriba el código.",
    );
    await expect(page.getByTestId("camera-scan-panel")).toHaveCount(0);
    await expect(form.getByRole("group", { name: "Línea 1" }).getByLabel("Número de lote")).toHaveValue("");
  });
});

test.describe("without JavaScript", () => {
  test.use({ ...phone, javaScriptEnabled: false });
  test.beforeEach(({ page }) => markJavaScriptOff(page));

  test("the receipt form has no camera button (nor scan field): the form is typed as before", async ({ page }) => {
    await login(page, accounts.manager);
    await page.goto("/facilities/SVC/stock/receipts/new");
    const form = page.locator("main form");
    await expect(form.getByRole("group", { name: "Línea 1" }).getByLabel("Número de lote")).toBeVisible();
    await expect(form.getByRole("button", { name: "Escanear con la cámara" })).toHaveCount(0);
    await expect(form.getByLabel(/^Escanear código GS1/)).toHaveCount(0);
  });
});
