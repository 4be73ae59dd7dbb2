import { useId } from "react";

/**
 * Days of stock cover per item (rows) and facility (columns). A cell's shade says how the
 * cover compares with the resupply lead time; the number in the cell and a symbol say it too,
 * so neither colour vision nor a colour printer is needed to read it.
 */

export type CoverLevel = "short" | "low" | "ok" | "none";

export interface CoverCell {
  facilityCode: string;
  itemCode: string;
  daysOfCover: number | null;
  leadTimeDays: number;
  href?: string;
}

/** Short: runs out before a resupply can arrive; low: within two lead times; none: no demand. */
export function coverLevel(daysOfCover: number | null, leadTimeDays: number): CoverLevel {
  if (daysOfCover === null || Number.isNaN(daysOfCover)) return "none";
  if (daysOfCover < leadTimeDays) return "short";
  if (daysOfCover < 2 * leadTimeDays) return "low";
  return "ok";
}

// Darkest for the worst, so the order reads in grey print too; text contrast is AA on each.
const levelStyles: Record<CoverLevel, { fill: string; text: string; stroke: string; symbol: string }> = {
  short: { fill: "#b91c1c", text: "#ffffff", stroke: "#7f1d1d", symbol: "■" },
  low: { fill: "#fcd34d", text: "#0f172a", stroke: "#b45309", symbol: "▲" },
  ok: { fill: "#dbeafe", text: "#0f172a", stroke: "#93c5fd", symbol: "✓" },
  none: { fill: "#ffffff", text: "#334155", stroke: "#cbd5e1", symbol: "–" },
};

const CELL_W = 84;
const CELL_H = 30;
const HEADER_H = 28;
const PAD = 4;
const CHAR_W = 6.6;
const MAX_LABEL_CHARS = 28;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function CoverHeatmap({
  title,
  description,
  facilities,
  items,
  cells,
  legend,
  format,
}: {
  title: string;
  description: string;
  facilities: { code: string; name: string }[];
  items: { code: string; name: string }[];
  cells: CoverCell[];
  legend: { short: string; low: string; ok: string; none: string };
  format: (days: number) => string;
}) {
  const uid = useId().replace(/[^\w-]/g, "");
  const titleId = `${uid}-title`;
  const descId = `${uid}-desc`;

  const byKey = new Map(cells.map((c) => [`${c.itemCode}\u0000${c.facilityCode}`, c]));
  const labelChars = Math.min(MAX_LABEL_CHARS, Math.max(6, ...items.map((i) => i.name.length)));
  const labelW = Math.ceil(labelChars * CHAR_W) + 2 * PAD;
  const width = labelW + Math.max(facilities.length, 1) * CELL_W + PAD;
  const height = HEADER_H + Math.max(items.length, 1) * CELL_H + PAD;
  const linked = cells.some((c) => c.href);

  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        // An image may not hold links (its children are presentational), so a map with links
        // is a group: each linked cell is reachable by keyboard and announced by name.
        role={linked ? "group" : "img"}
        aria-labelledby={titleId}
        aria-describedby={descId}
        className="h-auto w-full [&_a:focus-visible]:outline-2 [&_a:focus-visible]:outline-offset-1 [&_a:focus-visible]:outline-sky-700"
        // A few columns would otherwise be blown up to the page's width.
        style={{ maxWidth: `${width * 1.25}px` }}
        fontFamily="inherit"
        fontSize={12}
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{description}</desc>
        {facilities.map((f, j) => (
          <text
            key={f.code}
            x={labelW + j * CELL_W + CELL_W / 2}
            y={HEADER_H - 9}
            textAnchor="middle"
            fontWeight={700}
            fill="#0f172a"
          >
            <title>{f.name}</title>
            {f.code}
          </text>
        ))}
        {items.map((item, i) => {
          const rowY = HEADER_H + i * CELL_H;
          return (
            <g key={item.code} data-item={item.code}>
              <text x={labelW - PAD - 4} y={rowY + CELL_H / 2} dy="0.32em" textAnchor="end" fill="#0f172a">
                <title>{item.name}</title>
                {truncate(item.name, MAX_LABEL_CHARS)}
              </text>
              {facilities.map((f, j) => {
                const cell = byKey.get(`${item.code}\u0000${f.code}`);
                const x = labelW + j * CELL_W;
                if (!cell) {
                  // Not stocked or not planned here: an empty frame, not a judgement.
                  return (
                    <rect key={f.code} x={x + 1} y={rowY + 1} width={CELL_W - 2} height={CELL_H - 2} fill="#f8fafc" stroke="#e2e8f0" />
                  );
                }
                const level = coverLevel(cell.daysOfCover, cell.leadTimeDays);
                const style = levelStyles[level];
                const text = cell.daysOfCover === null ? "—" : format(cell.daysOfCover);
                // Colours come from the cv-/cvt- classes in app/tailwind.css (the same values as
                // levelStyles): a record year draws hundreds of cells, and each repeating its
                // colours made the page heavy.
                const body = (
                  <>
                    <rect x={x + 1} y={rowY + 1} width={CELL_W - 2} height={CELL_H - 2} className={`cv-${level}`} />
                    <text x={x + 6} y={rowY + 11} fontSize={9} className={`cvt-${level}`} aria-hidden="true">
                      {style.symbol}
                    </text>
                    <text x={x + CELL_W / 2 + 4} y={rowY + CELL_H / 2} dy="0.32em" textAnchor="middle" className={`cvt-${level}`}>
                      {text}
                    </text>
                  </>
                );
                const name = `${item.name} · ${f.name}: ${text} (${legend[level]})`;
                return cell.href ? (
                  <a key={f.code} href={cell.href} aria-label={name} data-cell={`${item.code}/${f.code}`} data-level={level}>
                    {body}
                  </a>
                ) : (
                  <g key={f.code} data-cell={`${item.code}/${f.code}`} data-level={level}>
                    <title>{name}</title>
                    {body}
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
          {(["short", "low", "ok", "none"] as const).map((level) => {
            const style = levelStyles[level];
            return (
              <li key={level} className="flex items-center gap-2">
                <svg width="22" height="16" aria-hidden="true">
                  <rect
                    x="0.5"
                    y="0.5"
                    width="21"
                    height="15"
                    fill={style.fill}
                    stroke={style.stroke}
                    strokeDasharray={level === "none" ? "3 2" : undefined}
                  />
                  <text x="11" y="8" dy="0.35em" textAnchor="middle" fontSize={10} fill={style.text}>
                    {style.symbol}
                  </text>
                </svg>
                {legend[level]}
              </li>
            );
          })}
        </ul>
      </figcaption>
    </figure>
  );
}
