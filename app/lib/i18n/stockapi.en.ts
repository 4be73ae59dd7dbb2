import type { esStockapi } from "./stockapi.es";

export const enStockapi: Record<keyof typeof esStockapi, string> = {
};
