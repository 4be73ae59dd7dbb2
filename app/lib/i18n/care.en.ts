import type { esCare } from "./care.es";

export const enCare: Record<keyof typeof esCare, string> = {
};
