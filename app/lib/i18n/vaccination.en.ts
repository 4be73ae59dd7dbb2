import type { esVaccination } from "./vaccination.es";

export const enVaccination: Record<keyof typeof esVaccination, string> = {
};
