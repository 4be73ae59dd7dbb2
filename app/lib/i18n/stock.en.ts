import type { esStock } from "./stock.es";

export const enStock: Record<keyof typeof esStock, string> = {
};
