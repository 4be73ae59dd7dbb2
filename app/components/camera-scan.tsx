import { useEffect, useRef, useState } from "react";
import { Button, buttonClass } from "~/components/ui/button";
import { useI18n, type MessageKey } from "~/lib/i18n";
import { CAMERA_FRAME_INTERVAL_MS } from "~/lib/camera-scan";

// The decoder (and its WebAssembly file) is loaded on first use, never with the form.
const loadDecoderModule = () => import("~/lib/camera-decoder.client");
type Decoder = Awaited<ReturnType<typeof loadDecoderModule>>;

function cameraProblem(error: unknown): MessageKey {
  const name = error instanceof DOMException || error instanceof Error ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return "scan.camera.denied";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return "scan.camera.none";
  if (name === "NotReadableError" || name === "AbortError" || name === "TrackStartError") return "scan.camera.busy";
  return "scan.camera.failed";
}

function cameraAvailable(): boolean {
  return typeof navigator !== "undefined" && typeof navigator.mediaDevices?.getUserMedia === "function";
}

/**
 * "Escanear con la cámara": opens the rear camera in a small panel, decodes a frame every
 * CAMERA_FRAME_INTERVAL_MS with zxing-wasm (DataMatrix, GS1-128, EAN-13), and hands the first
 * GS1 element string to `onText`, the same parse and fill as a keyboard-wedge scan; then the
 * camera stops. Rendered only by ScanField (so only once JavaScript runs) and only when the
 * browser can open a camera (navigator.mediaDevices.getUserMedia: a secure origin).
 */
export function CameraScan({ onText }: { onText: (text: string) => boolean }) {
  const { t } = useI18n();
  const [state, setState] = useState<"closed" | "starting" | "scanning">("closed");
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const session = useRef<{ stop: () => void } | null>(null);
  const onTextRef = useRef(onText);
  onTextRef.current = onText;
  const supported = cameraAvailable();

  // The camera stops when the form goes away.
  useEffect(() => () => session.current?.stop(), []);

  // After "Cancelar" the focus returns to the button that opened the camera.
  const refocus = useRef(false);
  useEffect(() => {
    if (state !== "closed" || !refocus.current) return;
    refocus.current = false;
    openButton.current?.focus();
  }, [state]);

  // On a device with a camera and the offline worker, fetch the decoder's files once the page is
  // idle, so the worker keeps them and the camera works the next time the link is down.
  useEffect(() => {
    const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
    if (!supported || !navigator.serviceWorker?.controller || connection?.saveData) return;
    let cancelled = false;
    const whenIdle = (fn: () => void) => (typeof window.requestIdleCallback === "function" ? window.requestIdleCallback(fn) : window.setTimeout(fn, 2000));
    navigator.mediaDevices
      .enumerateDevices()
      .then((devices) => {
        if (cancelled || !devices.some((device) => device.kind === "videoinput")) return;
        whenIdle(() => {
          if (!cancelled) void loadDecoderModule().then((decoder) => decoder.keepDecoderFile()).catch(() => {});
        });
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [supported]);

  if (!supported) return null;

  const close = () => {
    session.current?.stop();
    session.current = null;
    setState("closed");
  };

  const open = async () => {
    session.current?.stop();
    setProblem(null);
    setState("starting");
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    const current = {
      stop: () => {
        stopped = true;
        window.clearTimeout(timer);
        stream?.getTracks().forEach((track) => track.stop());
        if (video.current) video.current.srcObject = null;
      },
    };
    session.current = current;
    const fail = (key: MessageKey) => {
      current.stop();
      if (session.current === current) session.current = null;
      setState("closed");
      setProblem(key);
    };

    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      });
    } catch (error) {
      if (!stopped) fail(cameraProblem(error));
      return;
    }
    if (stopped) return current.stop();
    let decoder: Decoder;
    try {
      decoder = await loadDecoderModule();
      await decoder.loadDecoder();
    } catch {
      if (!stopped) fail("scan.camera.decoderUnavailable");
      return;
    }
    if (stopped || !video.current) return current.stop();
    const element = video.current;
    element.srcObject = stream;
    await element.play().catch(() => {});
    if (stopped) return;
    setState("scanning");

    const readFrame = decoder.frameReader();
    const tick = async () => {
      if (stopped) return;
      let text: string | null = null;
      try {
        text = await readFrame(element);
      } catch {
        text = null;
      }
      if (stopped) return;
      if (text === null) {
        timer = window.setTimeout(tick, CAMERA_FRAME_INTERVAL_MS);
        return;
      }
      close();
      onTextRef.current(text);
    };
    timer = window.setTimeout(tick, CAMERA_FRAME_INTERVAL_MS);
  };

  const cancel = () => {
    refocus.current = true;
    close();
  };

  return (
    <div className="mt-2">
      {state === "closed" ? (
        <button ref={openButton} type="button" className={buttonClass("secondary")} onClick={() => void open()} data-testid="camera-scan-open">
          {t("scan.camera.open")}
        </button>
      ) : (
        <div className="max-w-xs rounded border border-slate-400 bg-white p-2" data-testid="camera-scan-panel">
          <video ref={video} muted playsInline autoPlay aria-label={t("scan.camera.video")} className="aspect-video w-full rounded bg-slate-900 object-cover" />
          <p role="status" className="mt-1 text-sm text-slate-700">
            {t(state === "starting" ? "scan.camera.starting" : "scan.camera.aim")}
          </p>
          <Button variant="secondary" className="mt-1" onClick={cancel}>
            {t("scan.camera.cancel")}
          </Button>
        </div>
      )}
      {problem ? (
        <p role="alert" className="mt-1 text-sm text-red-800" data-testid="camera-scan-problem">
          {t(problem)}
        </p>
      ) : null}
    </div>
  );
}
