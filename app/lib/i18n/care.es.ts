export const esCare = {
} as const;
