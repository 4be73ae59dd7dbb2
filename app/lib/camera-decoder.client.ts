// The camera's barcode decoder, loaded only when someone presses "Escanear con la cámara"
// (a dynamic import from scan-field.tsx), so the forms' first load does not carry it.
// zxing-wasm is zxing-cpp compiled to WebAssembly (decision 023). Its .wasm is bundled by the
// Remix compiler as a hashed file under /build/_assets/, served by this app (never the
// library's default CDN: the stations work offline and the CSP allows only 'self') and kept by
// the service worker like every other built file.
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import wasmUrl from "zxing-wasm/reader/zxing_reader.wasm";
import { CAMERA_READER_OPTIONS, CameraReadChooser } from "./camera-scan";

export const DECODER_WASM_URL = wasmUrl;

const overrides = { locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? wasmUrl : prefix + path) };
prepareZXingModule({ overrides });

/** Compiles the decoder now (a failure here means the file could not be fetched: offline and not kept). */
export async function loadDecoder(): Promise<void> {
  await prepareZXingModule({ overrides, fireImmediately: true });
}

/** Fetches the decoder's file so the service worker keeps it for offline use, without compiling it. */
export async function keepDecoderFile(): Promise<void> {
  await fetch(wasmUrl, { credentials: "same-origin" }).then((response) => response.arrayBuffer());
}

/** A reader of successive video frames: each call decodes one frame; a string is the code to use. */
export function frameReader() {
  const chooser = new CameraReadChooser();
  let canvas: HTMLCanvasElement | null = null;
  return async (video: HTMLVideoElement): Promise<string | null> => {
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (!width || !height) return null;
    canvas ??= document.createElement("canvas");
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (!context) return null;
    context.drawImage(video, 0, 0, width, height);
    const results = await readBarcodes(context.getImageData(0, 0, width, height), CAMERA_READER_OPTIONS);
    return chooser.offer(results);
  };
}
