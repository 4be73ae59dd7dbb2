// Pictures of GS1 barcodes as a camera would see them, made at test time: zxing-wasm's writer
// draws the symbol, these helpers place it in a grey frame with blur and noise, and give the
// frame as RGBA pixels (what the browser's canvas hands the decoder) or as a Y4M video (what
// Chromium plays as a fake camera, e2e/scan-camera.spec.ts). Nothing here is a stored fixture.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { prepareZXingModule as prepareWriter, writeBarcode } from "zxing-wasm/writer";
import { prepareZXingModule as prepareReader } from "zxing-wasm/reader";

const require = createRequire(import.meta.url);

/** Node has no page to fetch the .wasm files from: hand zxing-wasm the files of node_modules. */
export function loadLocalZxing() {
  prepareWriter({ overrides: { wasmBinary: readFileSync(require.resolve("zxing-wasm/writer/zxing_writer.wasm")) as unknown as ArrayBuffer } });
  prepareReader({ overrides: { wasmBinary: readFileSync(require.resolve("zxing-wasm/reader/zxing_reader.wasm")) as unknown as ArrayBuffer } });
}

export interface Grey {
  width: number;
  height: number;
  /** One byte a pixel, 0 black to 255 white. */
  data: Uint8ClampedArray;
}

/** The symbol's modules (one pixel each, no quiet zone) for a bracketed GS1 element string. */
export async function gs1Symbol(hri: string, format: "DataMatrix" | "Code128" | "EAN13"): Promise<Grey> {
  const written = await writeBarcode(hri, { format, options: format === "EAN13" ? "" : format === "DataMatrix" ? "gs1,forceSquare" : "gs1" });
  if (written.error) throw new Error(`zxing-wasm could not write ${format}: ${written.error}`);
  return written.symbol;
}

/** A deterministic random sequence, so a frame is the same on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A camera-like frame: a mid-grey card with the symbols drawn at `module` pixels a module
 * (dark ink on a light label, not pure black and white), softened by a 3×3 blur and noise.
 */
export function cameraFrame(width: number, height: number, symbols: { symbol: Grey; x: number; y: number; module: number }[], seed = 7): Grey {
  const sharp = new Uint8ClampedArray(width * height).fill(150);
  for (const { symbol, x, y, module } of symbols) {
    // A light label around the symbol, with a quiet zone of 10 modules.
    const quiet = 10 * module;
    for (let py = y - quiet; py < y + symbol.height * module + quiet; py++) {
      for (let px = x - quiet; px < x + symbol.width * module + quiet; px++) {
        if (px < 0 || py < 0 || px >= width || py >= height) continue;
        const mx = Math.floor((px - x) / module);
        const my = Math.floor((py - y) / module);
        const inside = mx >= 0 && my >= 0 && mx < symbol.width && my < symbol.height;
        const dark = inside && symbol.data[my * symbol.width + mx]! < 128;
        sharp[py * width + px] = dark ? 45 : 215;
      }
    }
  }
  const next = random(seed);
  const data = new Uint8ClampedArray(width * height);
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      let sum = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const qx = px + dx;
          const qy = py + dy;
          if (qx < 0 || qy < 0 || qx >= width || qy >= height) continue;
          sum += sharp[qy * width + qx]!;
          n++;
        }
      }
      data[py * width + px] = sum / n + (next() - 0.5) * 24;
    }
  }
  return { width, height, data };
}

/** The frame as the RGBA pixels a canvas gives (an ImageData; Node has no such class, zxing-wasm reads its shape). */
export function rgba(frame: Grey): ImageData {
  const data = new Uint8ClampedArray(frame.width * frame.height * 4);
  for (let i = 0; i < frame.data.length; i++) {
    data.set([frame.data[i]!, frame.data[i]!, frame.data[i]!, 255], i * 4);
  }
  return { width: frame.width, height: frame.height, data, colorSpace: "srgb" } as ImageData;
}

/**
 * A Y4M video (the format Chromium's --use-file-for-fake-video-capture plays, looping): a text
 * header, then each frame as "FRAME\n" and its I420 planes. A grey picture is its luma plane
 * with both chroma planes at 128 (no colour).
 */
export function y4m(frame: Grey, frames = 2, fps = 10): Buffer {
  if (frame.width % 2 || frame.height % 2) throw new Error("Y4M I420 needs an even width and height");
  const chroma = Buffer.alloc((frame.width / 2) * (frame.height / 2) * 2, 128);
  const one = Buffer.concat([Buffer.from("FRAME\n"), Buffer.from(frame.data), chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${frame.width} H${frame.height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  return Buffer.concat([header, ...Array.from({ length: frames }, () => one)]);
}
