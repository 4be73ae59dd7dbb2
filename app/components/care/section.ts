/** The case page's sections share one card style. */
export const sectionClass = "mt-6 rounded-lg bg-white p-4 shadow sm:p-6";
