import type { esScan } from "./scan.es";

export const enScan: Record<keyof typeof esScan, string> = {
  "scan.label": "Scan a GS1 barcode (DataMatrix or GS1-128)",
  "scan.hint": "Scan with the reader or paste the code's text, for example (01)09506000134352(17)271231(10)ABC123, and press Enter.",
  "scan.filledLine": "Line {n}: item {item}, lot {lot}. Type the quantity.",
  "scan.unknownGtinReceipt": "GTIN {gtin} is not in the catalogue yet: choose the item on line {n}. Saving the receipt teaches it for the next scans.",
  "scan.unknownGtin": "GTIN {gtin} is not in the catalogue yet: it is learned when a receipt is recorded with it.",
  "scan.itemNotHere": "There is no stock of {item} at this facility.",
  "scan.filledItem": "Item {item}. Type the quantity.",
  "scan.filledItemLot": "Item {item}, lot {lot}. Type the quantity.",
  "scan.lotNotHere": "Lot {lot} of {item} is not in stock here: the first to expire will be used.",
  "scan.lotUnusable": "Lot {lot} of {item} cannot be issued (expired, quarantined or VVM 3-4).",
  "scan.noCountLine": "This count has no line for {item}, lot {lot}.",
  "scan.countLine": "{item}, lot {lot}: type the counted quantity.",
  "scan.gtinOtherItem": "This GTIN is already item {item}: check this line's item.",
  "scan.problem.empty": "Nothing was read.",
  "scan.problem.unknownAi": "The code holds an unknown application identifier ({ai}).",
  "scan.problem.badLength": "Field ({ai}) has the wrong length.",
  "scan.problem.badCharacter": "Field ({ai}) holds characters GS1 does not allow.",
  "scan.problem.badCheckDigit": "The GTIN's check digit is wrong: scan again.",
  "scan.problem.badDate": "The date in field ({ai}) does not exist.",
  "scan.problem.missingSeparator": "Field ({ai}) is too long: the GS separator is probably missing. Check the reader's settings.",
};
