import type { esCarefollow } from "./carefollow.es";

export const enCarefollow: Record<keyof typeof esCarefollow, string> = {
};
