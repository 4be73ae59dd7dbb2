// The offline outbox (docs/decisions/019-offline-outbox.md).
export const esOutbox = {
  "outbox.badge": "{count, plural, one {# pendiente} other {# pendientes}}",
  "outbox.badgeAttention": "{count, plural, one {# requiere atención} other {# requieren atención}}",
  "outbox.title": "Pendientes de envío",
  "outbox.intro":
    "Registros guardados en este dispositivo mientras no había conexión. Se envían solos, en orden, cuando vuelve la conexión; cada uno se registra una sola vez.",
  "outbox.empty": "No hay nada pendiente en este dispositivo.",
  "outbox.pendingHeading": "{count, plural, one {# pendiente} other {# pendientes}}",
  "outbox.attentionHeading": "{count, plural, one {# requiere atención} other {# requieren atención}}",
  "outbox.attentionHint":
    "El servidor no aceptó estos registros. Lea el motivo y modifique el registro para corregirlo (se enviará de nuevo con la misma clave) o descártelo.",
  "outbox.savedAt": "Guardado en el dispositivo: {time}",
  "outbox.occurredAt": "Fecha y hora indicadas: {time}",
  "outbox.people": "{count, plural, one {# persona} other {# personas}}",
  "outbox.attempts": "{count, plural, one {# intento} other {# intentos}}, el último {time}",
  "outbox.reason": "Motivo del servidor",
  "outbox.discard": "Descartar",
  "outbox.discardConfirm": "¿Descartar este registro? No se enviará y se borrará del dispositivo.",
  "outbox.sendNow": "Enviar ahora",
  "outbox.sending": "Enviando…",
  "outbox.queued":
    "Sin conexión con el servidor: el registro quedó guardado en este dispositivo y se enviará cuando vuelva la conexión.",
  "outbox.viewPending": "Ver pendientes",
  "outbox.logoutConfirm":
    "{count, plural, one {Hay # registro sin enviar en este dispositivo; al cerrar la sesión se borrará. ¿Cerrar sesión?} other {Hay # registros sin enviar en este dispositivo; al cerrar la sesión se borrarán. ¿Cerrar sesión?}}",
  "outbox.kind.arrival": "Llegada",
  "outbox.kind.departure": "Salida",
  "outbox.kind.receipt": "Recepción de insumos",
  "outbox.kind.issue": "Distribución de insumos",
  "outbox.kind.transferReceipt": "Recepción de traslado",
  "outbox.kind.count": "Conteo físico",
  "outbox.kind.childEncounter": "Control infantil",
  "outbox.kind.antenatalEncounter": "Control prenatal",
  "outbox.kind.dose": "Dosis de vacuna",
  "outbox.kind.cardDose": "Dosis desde carné",
  "outbox.facility": "Instalación {code}",
  "outbox.edit": "Modificar",
  "outbox.editedAt": "Modificado en el dispositivo: {time}",
  "outbox.editing":
    "Está modificando un registro pendiente. Al guardar, reemplaza al pendiente (conserva su lugar en la fila y su clave, así nunca se registra dos veces).",
  "outbox.updated": "El registro pendiente quedó modificado en este dispositivo y se enviará en su turno.",
  "outbox.editGone":
    "Ese registro ya no estaba en este dispositivo (se envió o se descartó mientras tanto): los cambios no se guardaron. Revise lo registrado.",
};
