import type { esLotcondition } from "./lotcondition.es";

export const enLotcondition: Record<keyof typeof esLotcondition, string> = {
  "lotcondition.title": "History of the lot's condition at this facility",
  "lotcondition.intro": "The VVM stage and the quarantine belong to this facility: the same lot at another facility has its own history.",
  "lotcondition.empty": "No readings recorded here.",
  "lotcondition.when": "Date",
  "lotcondition.source": "Source",
  "lotcondition.reading": "Reading",
  "lotcondition.by": "Recorded by",
  "lotcondition.source.reading": "Reading on the lot",
  "lotcondition.source.receipt": "On receipt",
  "lotcondition.source.transfer_in": "Arrived with a shipment",
  "lotcondition.source.migrated": "Earlier record",
  "lotcondition.excursion": "temperature excursion",
  "lotcondition.quarantined": "quarantined",
};
