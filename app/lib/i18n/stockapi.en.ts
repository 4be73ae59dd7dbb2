import type { esStockapi } from "./stockapi.es";

export const enStockapi: Record<keyof typeof esStockapi, string> = {
  "stockapi.refused": "The stock ledger refused the request; see \"fields\".",
  "stockapi.itemCode": "An item code: 2 to 20 capital letters, digits or \"-\".",
  "stockapi.itemUnknown": "There is no item with code {code}.",
  "stockapi.lotNumber": "A lot number: up to 20 characters of the GS1 set (letters A-Z and a-z, digits and ! \" % & ' ( ) * + , - . / : ; < = > ? _), no spaces.",
  "stockapi.lotRequired": "This item is tracked by lot: send its lot number.",
  "stockapi.lotNotTracked": "This item is not tracked by lot: leave the lot number out.",
  "stockapi.lotUnknown": "There is no lot {lot} of this item.",
  "stockapi.expiryRequired": "This item expires: send the lot's expiry date.",
  "stockapi.expiryNotExpected": "This item does not expire: leave the expiry out.",
  "stockapi.expiryMismatch": "Lot {lot} is recorded with expiry {expiry}.",
  "stockapi.date": "A valid date, YYYY-MM-DD.",
  "stockapi.gtin": "Not a valid GTIN (check digit).",
  "stockapi.vvmNotVaccine": "Only vaccines carry a VVM stage.",
  "stockapi.quantityPositive": "A whole number of at least 1.",
  "stockapi.linesRequired": "Send at least one line.",
  "stockapi.insufficient": "Only {available} usable in stock; expired, quarantined and VVM 3-4 stock is never issued.",
  "stockapi.insufficientLot": "Only {available} in lot {lot}.",
  "stockapi.unusable.expired": "Lot {lot} expired on {expiry} and cannot be issued; write its stock off instead.",
  "stockapi.unusable.quarantined": "Lot {lot} is quarantined and cannot be issued.",
  "stockapi.unusable.vvm": "Lot {lot} has reached VVM stage 3 or 4 and cannot be issued.",
};
