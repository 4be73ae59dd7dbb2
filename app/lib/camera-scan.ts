// What the camera reader looks for and which read it keeps (decision 023). Shared by the
// browser's decoder (camera-decoder.client.ts) and the tests that decode real images in Node.
import type { ReaderOptions, ReadResult } from "zxing-wasm/reader";

/**
 * DataMatrix and GS1-128 (a Code 128 whose first character is FNC1) carry GS1 element strings;
 * EAN-13 carries a bare GTIN. "Plain" text gives the raw GS1 form: each FNC1 separator becomes
 * the group separator (ASCII 29) that parseGs1 splits on, as a keyboard-wedge scanner types it.
 * (The bracketed "HRI" form would be ambiguous for a lot number containing "(".)
 */
export const CAMERA_READER_OPTIONS = {
  formats: ["DataMatrix", "Code128", "EAN13"],
  textMode: "Plain",
  tryHarder: true,
  tryRotate: true,
  tryInvert: false,
  maxNumberOfSymbols: 4,
} satisfies ReaderOptions;

/** How often a frame is decoded while the camera is open (each decode waits for the previous). */
export const CAMERA_FRAME_INTERVAL_MS = 250;

/**
 * A plain EAN-13 is accepted only after this many decoded frames in a row saw it and no GS1 code:
 * a carton often carries both, and the DataMatrix (with lot and expiry) should win.
 */
export const EAN_ONLY_FRAMES = 5;

type Read = Pick<ReadResult, "isValid" | "format" | "contentType" | "text">;

/** The GS1 element string of a frame's reads, if one of them is a GS1 symbol. */
export function gs1TextOf(results: readonly Read[]): string | null {
  const gs1 = results.find((r) => r.isValid && r.contentType === "GS1" && r.text);
  return gs1 ? gs1.text : null;
}

/** Chooses what a run of camera frames read: the first GS1 symbol, or an EAN-13 seen alone long enough. */
export class CameraReadChooser {
  private ean: string | null = null;
  private eanFrames = 0;

  /** The text to parse once this frame decides it, or null to keep looking. */
  offer(results: readonly Read[]): string | null {
    const gs1 = gs1TextOf(results);
    if (gs1) return gs1;
    const ean = results.find((r) => r.isValid && r.format === "EAN13" && /^\d{13}$/.test(r.text))?.text ?? null;
    if (ean === null || ean !== this.ean) {
      this.ean = ean;
      this.eanFrames = ean === null ? 0 : 1;
    } else {
      this.eanFrames += 1;
    }
    return this.ean !== null && this.eanFrames >= EAN_ONLY_FRAMES ? this.ean : null;
  }
}
