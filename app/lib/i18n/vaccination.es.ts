export const esVaccination = {
} as const;
