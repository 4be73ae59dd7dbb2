export const esStockapi = {
} as const;
