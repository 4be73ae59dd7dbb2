import { withHxl } from "~/lib/hxl-href";
import { useI18n } from "~/lib/i18n";

/**
 * The twin of a CSV export link: the same file with the HXL hashtag row under its header, for
 * coordination tools (HDX, the HXL Proxy). Sits next to the plain link so both are one click.
 */
export function HxlCsvLink({ href }: { href: string }) {
  const { t } = useI18n();
  return (
    <a href={withHxl(href)} download className="self-center text-sm text-brand-700 underline" data-testid="csv-hxl">
      {t("common.exportCsvHxl")}
    </a>
  );
}
