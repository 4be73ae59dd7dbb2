export const esStock = {
} as const;
