// Issue 17 item 7, decision 023: the camera reader decodes real pictures of GS1 symbols with
// zxing-wasm (the same options and choice the browser uses, app/lib/camera-scan.ts), and what it
// reads parses to the item's GTIN, lot and expiry as a keyboard-wedge scan does.
import { readBarcodes } from "zxing-wasm/reader";
import { CAMERA_READER_OPTIONS, CameraReadChooser, EAN_ONLY_FRAMES, gs1TextOf } from "~/lib/camera-scan";
import { GS, parseGs1 } from "~/lib/domain/gs1";
import { cameraFrame, gs1Symbol, rgba, loadLocalZxing } from "../support/gs1-frames";

loadLocalZxing();

const referenceYear = 2026;
const carton = "(01)09506000134352(17)270131(10)LOT-42";

async function read(frame: ReturnType<typeof cameraFrame>) {
  return readBarcodes(rgba(frame), CAMERA_READER_OPTIONS);
}

describe("camera reads of GS1 symbols (zxing-wasm)", () => {
  test("a GS1 DataMatrix in a camera frame gives the raw element string, which parses to GTIN, lot and expiry", async () => {
    const symbol = await gs1Symbol(carton, "DataMatrix");
    const results = await read(cameraFrame(640, 480, [{ symbol, x: 250, y: 170, module: 6 }]));
    const text = new CameraReadChooser().offer(results);
    // FNC1 in first position is implied by the symbology; the separators inside would be GS.
    expect(text).toBe("01095060001343521727013110LOT-42");
    const parsed = parseGs1(text!, { referenceYear });
    expect(parsed.ok && parsed.value).toMatchObject({ gtin: "09506000134352", expiry: "2027-01-31", lot: "LOT-42" });
  });

  test("a GS1-128 (Code 128 with FNC1) gives the same fields, with GS after the variable-length lot", async () => {
    const symbol = await gs1Symbol("(01)09506000134352(10)LOT-42(17)270131", "Code128");
    // Thin bars need about 3 pixels a module after the blur (the camera asks for 1280×720).
    const results = await read(cameraFrame(960, 540, [{ symbol, x: 60, y: 200, module: 3 }]));
    expect(results.map((r) => [r.format, r.contentType])).toEqual([["Code128", "GS1"]]);
    const text = gs1TextOf(results);
    expect(text).toBe(`010950600013435210LOT-42${GS}17270131`);
    const parsed = parseGs1(text!, { referenceYear });
    expect(parsed.ok && parsed.value).toMatchObject({ gtin: "09506000134352", expiry: "2027-01-31", lot: "LOT-42" });
  });

  test("a lot with brackets survives: the raw form is used, not the bracketed one", async () => {
    const symbol = await gs1Symbol("[01]09506000134352[10]S+(7)[17]280200", "DataMatrix");
    const text = gs1TextOf(await read(cameraFrame(640, 480, [{ symbol, x: 200, y: 120, module: 6 }])));
    const parsed = parseGs1(text!, { referenceYear });
    expect(parsed.ok && parsed.value).toMatchObject({ lot: "S+(7)", expiry: "2028-02-29" });
  });

  test("a carton's DataMatrix wins over its EAN-13 in the same frame; an EAN-13 alone is taken after a few frames", async () => {
    const ean = await gs1Symbol("9506000134352", "EAN13");
    const matrix = await gs1Symbol(carton, "DataMatrix");
    const both = await read(
      cameraFrame(640, 480, [
        { symbol: ean, x: 40, y: 60, module: 3 },
        { symbol: matrix, x: 420, y: 300, module: 5 },
      ]),
    );
    expect(both.map((r) => r.format).sort()).toEqual(["DataMatrix", "EAN13"]);
    expect(new CameraReadChooser().offer(both)).toBe("01095060001343521727013110LOT-42");

    const alone = await read(cameraFrame(640, 480, [{ symbol: ean, x: 100, y: 150, module: 3 }]));
    const chooser = new CameraReadChooser();
    for (let frame = 1; frame < EAN_ONLY_FRAMES; frame++) expect(chooser.offer(alone)).toBeNull();
    const text = chooser.offer(alone);
    expect(text).toBe("9506000134352");
    const parsed = parseGs1(text!, { referenceYear });
    expect(parsed.ok && parsed.value).toMatchObject({ gtin: "09506000134352", lot: null, expiry: null });
  });

  test("a frame without a code reads nothing", async () => {
    expect(new CameraReadChooser().offer(await read(cameraFrame(320, 240, [])))).toBeNull();
  });
});
