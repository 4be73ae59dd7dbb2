// The stock API (docs/api.md, "Stock"): its messages. The API answers in English (api.server.ts);
// the Spanish text is kept alongside so the catalogues stay complete.
export const esStockapi = {
  "stockapi.refused": "El registro de existencias rechazó la solicitud; vea «fields».",
  "stockapi.itemCode": "Un código de artículo: de 2 a 20 letras mayúsculas, dígitos o «-».",
  "stockapi.itemUnknown": "No hay ningún artículo con el código {code}.",
  "stockapi.lotNumber": "Un número de lote: hasta 20 caracteres del conjunto GS1 (letras A-Z y a-z, dígitos y ! \" % & ' ( ) * + , - . / : ; < = > ? _), sin espacios.",
  "stockapi.lotRequired": "Este artículo se controla por lote: envíe el número de lote.",
  "stockapi.lotNotTracked": "Este artículo no se controla por lote: no envíe número de lote.",
  "stockapi.lotUnknown": "No hay ningún lote {lot} de este artículo.",
  "stockapi.expiryRequired": "Este artículo vence: envíe la fecha de vencimiento del lote.",
  "stockapi.expiryNotExpected": "Este artículo no vence: no envíe fecha de vencimiento.",
  "stockapi.expiryMismatch": "El lote {lot} está registrado con vencimiento {expiry}.",
  "stockapi.date": "Una fecha AAAA-MM-DD válida.",
  "stockapi.gtin": "No es un GTIN válido (dígito de control).",
  "stockapi.vvmNotVaccine": "Solo las vacunas llevan etapa de VVM.",
  "stockapi.quantityPositive": "Un número entero de al menos 1.",
  "stockapi.linesRequired": "Envíe al menos una línea.",
  "stockapi.insufficient": "Solo hay {available, plural, one {# utilizable} other {# utilizables}}; las existencias vencidas, en cuarentena o con VVM 3-4 no se entregan.",
  "stockapi.insufficientLot": "Solo hay {available} en el lote {lot}.",
  "stockapi.unusable.expired": "El lote {lot} venció el {expiry} y no se puede entregar; dé de baja sus existencias.",
  "stockapi.unusable.quarantined": "El lote {lot} está en cuarentena y no se puede entregar.",
  "stockapi.unusable.vvm": "El lote {lot} llegó a la etapa 3 o 4 del VVM y no se puede entregar.",
} as const;
