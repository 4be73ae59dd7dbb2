export const esStockops = {
} as const;
