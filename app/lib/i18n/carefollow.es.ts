export const esCarefollow = {
} as const;
