import type { esStockops } from "./stockops.es";

export const enStockops: Record<keyof typeof esStockops, string> = {
};
