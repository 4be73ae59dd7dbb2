// Figures copied from the project's reference data (Servicio Nacional de Migración, Panama), so
// the app never reads outside its own tree at run time.

/** Arrivals through the Darién per month of 2021. */
export const darienMonthlyArrivals2021 = [
  1071, 1857, 2694, 5865, 4462, 10267, 18813, 25332, 25505, 25904, 7762, 4194,
] as const;

/** Men and boys, women and girls per month of 2021. */
export const darienSexSplit2021 = [
  [687, 384],
  [1342, 515],
  [1778, 916],
  [3790, 2075],
  [3044, 1418],
  [6021, 4246],
  [12118, 6695],
  [15090, 10242],
  [15264, 10241],
  [15044, 10860],
  [4661, 3101],
  [2974, 1220],
] as const;

/** 2021 nationalities: Haiti 62 %, Cuba 13.9 %, Chile 7.2 %, Brazil 6.4 %, Venezuela 2.1 %; the rest spread. */
export const darienNationalities2021: readonly [string, number][] = [
  ["HT", 0.62],
  ["CU", 0.139],
  ["CL", 0.072],
  ["BR", 0.064],
  ["VE", 0.021],
  ["SN", 0.02],
  ["AO", 0.016],
  ["BD", 0.014],
  ["IN", 0.012],
  ["GH", 0.01],
  ["UZ", 0.006],
  ["NP", 0.006],
];

/** About 21 % of crossers were minors, about half of them under 5; 1.6-2.9 % pregnant women. */
export const darienShares = {
  minors: 0.21,
  minorsUnderFive: 0.5,
  infantsAmongUnderFive: 0.2,
  pregnantAmongArrivals: 0.022,
  lactatingAmongArrivals: 0.03,
  unaccompaniedAmongMinors: 0.01,
  disabilities: 0.01,
};
