// "Por qué esta cifra": las frases de los módulos de planificación (app/lib/domain/why.ts).
export const esWhy = {
  "why.los.unmeasured":
    "Estancia media = censo medio al final del día ÷ salidas medias (salidas + traslados enviados) por día, en {window, plural, one {# día} other {# días}} (ley de Little): nadie salió en esos días, así que no se puede medir.",
  "why.los.measured":
    "Estancia media = censo medio al final del día ÷ salidas medias (salidas + traslados enviados) por día, en {window, plural, one {# día} other {# días}} (ley de Little) = {meanCensus} ÷ {meanExits} = {measured, plural, one {# día} other {# días}}.",
  "why.los.clamped": "Queda fuera de los {min} a {max, plural, one {# día} other {# días}} que acepta el modelo, así que se usan {used, plural, one {# día} other {# días}}.",
  "why.projection.stepMeasured":
    "Cada día: salidas = censo de ayer ÷ estancia media ({stay, plural, one {# día} other {# días}}, medida con los registros de la instalación); censo = censo de ayer + llegadas + traslados conocidos − salidas, partiendo del censo de hoy, {census}.",
  "why.projection.stepDefault":
    "Cada día: salidas = censo de ayer ÷ estancia media ({stay, plural, one {# día} other {# días}}, valor por defecto, sin medición); censo = censo de ayer + llegadas + traslados conocidos − salidas, partiendo del censo de hoy, {census}.",
  "why.projection.levels":
    "Las fechas de alerta y de saturación son los primeros días en que el censo, en el borde superior de la banda de llegadas, supera el {warning} % y el {saturated} % de la capacidad de {capacity}; planificar sobre el borde superior deja las fechas del lado seguro.",
  "why.projection.noCapacity": "La instalación no tiene capacidad medida: no hay fechas de alerta ni de saturación.",
  "why.people.rule":
    "Una estación cuyo pico proyectado (borde superior de la banda de llegadas) supera el {warning} % de su capacidad envía buses completos de {bus, plural, one {# persona} other {# personas}}, los necesarios para bajar su pico a ese nivel, a las estaciones abiertas con más espacio por debajo de su propio {warning} %, sin llenar nunca a una receptora por encima de ese nivel ni enviar más personas de las que hay hoy. El efecto cuenta a las personas trasladadas como presentes durante todo el pico; algunas se habrían ido de todos modos, así que el alivio de la emisora y la carga de la receptora son como mucho las cifras indicadas.",
  "why.moves.rule":
    "{item}: las donantes conservan plazo + seguridad + {minDonorDays, plural, one {# día} other {# días}} de cobertura y ceden el resto (todo, si no tienen demanda); las receptoras bajo su punto de reorden reciben hasta alcanzarlo, primero las que más necesitan.",
  "why.moves.donors": "Donantes: {list}.",
  "why.moves.donor": "{facility} piso(({cover} - {keep}) días × {perDay}) = {gives}",
  "why.moves.donorNoDemand": "{facility} sin demanda, cede {gives}",
  "why.moves.noDonors": "Ninguna instalación tiene excedente.",
  "why.moves.receivers": "Receptoras: {list}.",
  "why.moves.receiver": "{facility} techo({reorderPoint} - {usable}) = {need}",
  "why.moves.noReceivers": "Ninguna instalación está bajo su punto de reorden.",
  "why.moves.move": "{from} → {to} {quantity} ({from} {fromBefore} → {fromAfter, plural, one {# día} other {# días}}, {to} {toBefore} → {toAfter, plural, one {# día} other {# días}}).",
  "why.noDemand": "sin demanda",
  "why.demand.rule": "Demanda por día = Σ personas del grupo destinatario × cantidad por persona y día.",
  "why.demand.first": "{date}: {terms} = {quantity}.",
  "why.demand.term": "{target} {people} × {perPersonDay}",
  "why.demand.noNorm": "{date}: ninguna norma se aplica = {quantity}.",
  "why.demand.last": "{date}: {quantity} ({days, plural, one {# día} other {# días}}).",
  "why.demand.heldConstant": "Constantes durante el horizonte: {targets}.",
  "why.demand.unknown": "Quedan fuera porque nadie los cuenta: {targets}.",
  "why.vaccine.noTarget": "{item} no tiene población objetivo de planificación: no se proyecta demanda.",
  "why.vaccine.rule":
    "{item}: elegibles = llegadas × proporción de {groups}; dosis = frascos enteros de elegibles × {dosesPerPerson} dosis × 1/(1 - pérdida {wastage}), frascos de {perVial}, una sesión al día.",
  "why.vaccine.sessionEnd": "Un frasco que se desecha al final de la sesión se abre entero cada día que se vacuna a alguien.",
  "why.vaccine.day": "{date}: {arrivals, plural, one {# llegada} other {# llegadas}} × {share} % elegibles = {calc}",
  "why.vaccine.calc": "{eligible} × {dosesPerPerson} × 1/(1 - {wastage}) = {doses} dosis → {vials, plural, one {# frasco} other {# frascos}} de {perVial}.",
  "why.vaccine.total": "Total: {doses} dosis en {vials, plural, one {# frasco} other {# frascos}} en {days, plural, one {# día} other {# días}}.",
  "why.outlook.usable":
    "Utilizable: {usable} en {lots, plural, one {# lote} other {# lotes}}, usados primero el que vence antes frente a la demanda desde el {today} (hoy es el día 1 de cobertura).",
  "why.outlook.stockOut": "Se agota el {date}: {cover, plural, one {# día} other {# días}} de cobertura.",
  "why.outlook.outlasts": "Las existencias duran más que {horizon, plural, one {el # día simulado} other {los # días simulados}}; a {rate} por día duran {cover, plural, one {# día} other {# días}}.",
  "why.outlook.noDemandAfter": "Sin demanda después de {horizon, plural, one {el # día simulado} other {los # días simulados}}: las existencias no se agotan.",
  "why.outlook.noDemand": "Sin demanda.",
  "why.outlook.expiring": "Vencerán sin usarse: {lots}.",
  "why.outlook.expiringLot": "lote {lot}: {quantity} el {date}",
  "why.outlook.reorder":
    "Punto de reorden = demanda en {lead, plural, one {# día} other {# días}} de plazo de entrega, {leadDemand}, + {safety, plural, one {# día} other {# días}} de seguridad × {meanLead} por día = {point}.",
  "why.outlook.max": "Máximo = {point} + demanda en {review, plural, one {# día} other {# días}} de revisión, {reviewDemand}, = {max}.",
  "why.outlook.positionOrder": "Posición = utilizable {usable} + en tránsito {inTransit} = {position} ≤ {point} → pedir techo({max} - {position}) = {order}.",
  "why.outlook.positionAbove": "Posición = utilizable {usable} + en tránsito {inTransit} = {position} > {point} → no se pide.",
  "why.outlook.positionNoDemand": "Posición = utilizable {usable} + en tránsito {inTransit} = {position} (sin demanda durante el plazo de entrega) → no se pide.",
  "why.basis.consumption": "Pedido según el consumo real de los últimos {days, plural, one {# día} other {# días}}: {rate} por persona y día (distribuido {issued} ÷ personas-día {personDays}).",
  "why.basis.norm": "Pedido según la norma: {rate} por persona y día.",
  "why.basis.normNoPeople": "Pedido según la norma.",
  "why.basis.fallbackFewDays": "Se eligió el consumo real, pero solo hubo personas {have, plural, one {# día} other {# días}} de los últimos {days} (hacen falta {need}). {norm}",
  "why.basis.fallbackNothingIssued": "Se eligió el consumo real, pero no se registró ninguna entrega en los últimos {days, plural, one {# día} other {# días}}. {norm}",
  "why.plan.demand": "Demanda:",
  "why.plan.warehouse": "Un almacén no aloja a nadie: no tiene demanda propia.",
  "why.plan.notStocked": "Esta instalación no tiene esta vacuna: no se planifica demanda aquí.",
  "why.stale.never": "Nunca hubo un registro; los datos se consideran desactualizados después de {limit} h (norma stale_after_hours).",
  "why.stale.hours": "Sin registros desde hace {hours} h; los datos se consideran desactualizados después de {limit} h (norma stale_after_hours).",
};
