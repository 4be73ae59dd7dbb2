export * from "./accounts";
export * from "./audit";
export * from "./facilities";
export * from "./census";
export * from "./stock";
export * from "./care";
export * from "./planning";
export * from "./imports";
