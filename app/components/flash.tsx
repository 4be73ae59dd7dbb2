import { useI18n, type MessageKey, type MessageParams } from "~/lib/i18n";

export interface FlashData {
  kind: "success" | "error" | "info";
  message: MessageKey;
  params?: MessageParams;
}

const styles: Record<FlashData["kind"], string> = {
  success: "border-emerald-600 bg-emerald-50 text-emerald-900",
  error: "border-red-700 bg-red-50 text-red-900",
  info: "border-sky-700 bg-sky-50 text-sky-900",
};

export function FlashMessage({ flash }: { flash: FlashData | null | undefined }) {
  const { t } = useI18n();
  if (!flash) return null;
  return (
    <div role="status" data-testid="flash" className={`mb-4 rounded border-l-4 px-4 py-3 ${styles[flash.kind]}`}>
      {t(flash.message, flash.params)}
    </div>
  );
}
