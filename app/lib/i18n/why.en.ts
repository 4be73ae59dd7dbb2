import type { esWhy } from "./why.es";

// "Why this number" sentences of the planning modules (app/lib/domain/why.ts).
export const enWhy: Record<keyof typeof esWhy, string> = {
  "why.los.unmeasured":
    "Length of stay = mean end-of-day census ÷ mean exits (departures + transfers out) per day, over {window, plural, one {# day} other {# days}} (Little's law): nobody left in those days, so it cannot be measured.",
  "why.los.measured":
    "Length of stay = mean end-of-day census ÷ mean exits (departures + transfers out) per day, over {window, plural, one {# day} other {# days}} (Little's law) = {meanCensus} ÷ {meanExits} = {measured, plural, one {# day} other {# days}}.",
  "why.los.clamped": "That is outside the {min} to {max, plural, one {# day} other {# days}} the model accepts, so {used, plural, one {# day is} other {# days are}} used.",
  "why.projection.stepMeasured":
    "Each day: exits = yesterday's census ÷ length of stay ({stay, plural, one {# day} other {# days}}, measured on the facility's own entries); census = yesterday's census + arrivals + known transfers − exits, starting from today's census of {census}.",
  "why.projection.stepDefault":
    "Each day: exits = yesterday's census ÷ length of stay ({stay, plural, one {# day} other {# days}}, default, nothing measured); census = yesterday's census + arrivals + known transfers − exits, starting from today's census of {census}.",
  "why.projection.levels":
    "The warning and saturation dates are the first days the census on the upper edge of the arrivals band is above {warning} % and {saturated} % of the capacity of {capacity}; planning on the upper edge keeps the dates on the safe side.",
  "why.projection.noCapacity": "The facility has no measured capacity, so there are no warning or saturation dates.",
  "why.people.rule":
    "A station whose projected peak (upper edge of the arrivals band) is above {warning} % of its capacity sends whole buses of {bus, plural, one {# person} other {# people}}, enough to bring its peak to that level, to the open stations with the most room below their own {warning} %, never filling a receiver past that level and never sending more people than are there today. The effect counts the people moved as present through the peak; some would have left anyway, so the sender's relief and the receiver's load are at most the numbers shown.",
  "why.moves.rule":
    "{item}: donors keep lead + safety + {minDonorDays, plural, one {# day} other {# days}} of cover and give the rest (all of it with no demand); receivers below their reorder point get up to it, most short first.",
  "why.moves.donors": "Donors: {list}.",
  "why.moves.donor": "{facility} floor(({cover} - {keep}) days × {perDay}) = {gives}",
  "why.moves.donorNoDemand": "{facility} no demand, gives {gives}",
  "why.moves.noDonors": "No facility has surplus.",
  "why.moves.receivers": "Receivers: {list}.",
  "why.moves.receiver": "{facility} ceil({reorderPoint} - {usable}) = {need}",
  "why.moves.noReceivers": "No facility is below its reorder point.",
  "why.moves.move": "{from} → {to} {quantity} ({from} {fromBefore} → {fromAfter, plural, one {# day} other {# days}}, {to} {toBefore} → {toAfter, plural, one {# day} other {# days}}).",
  "why.noDemand": "no demand",
  "why.demand.rule": "Demand per day = Σ people in the target × quantity per person per day.",
  "why.demand.first": "{date}: {terms} = {quantity}.",
  "why.demand.term": "{target} {people} × {perPersonDay}",
  "why.demand.noNorm": "{date}: no norm applies = {quantity}.",
  "why.demand.last": "{date}: {quantity} ({days, plural, one {# day} other {# days}}).",
  "why.demand.heldConstant": "Held constant over the horizon: {targets}.",
  "why.demand.unknown": "Left out, nobody counts them: {targets}.",
  "why.vaccine.noTarget": "{item} has no planning target: no demand is projected.",
  "why.vaccine.rule":
    "{item}: eligible = arrivals × share in {groups}; doses = whole vials of eligible × {dosesPerPerson} dose × 1/(1 - wastage {wastage}), vials of {perVial}, one session a day.",
  "why.vaccine.sessionEnd": "A session-end vial is opened whole each day anyone is vaccinated.",
  "why.vaccine.day": "{date}: {arrivals, plural, one {# arrival} other {# arrivals}} × {share} % eligible = {calc}",
  "why.vaccine.calc": "{eligible} × {dosesPerPerson} × 1/(1 - {wastage}) = {doses, plural, one {# dose} other {# doses}} → {vials, plural, one {# vial} other {# vials}} of {perVial}.",
  "why.vaccine.total": "Total {doses, plural, one {# dose} other {# doses}} in {vials, plural, one {# vial} other {# vials}} over {days, plural, one {# day} other {# days}}.",
  "why.outlook.usable":
    "Usable {usable} in {lots, plural, one {# lot} other {# lots}}, used first-expired-first-out against demand from {today} (today is day 1 of cover).",
  "why.outlook.stockOut": "Stock runs out on {date}: {cover, plural, one {# day} other {# days}} of cover.",
  "why.outlook.outlasts": "Stock outlasts the {horizon, plural, one {# simulated day} other {# simulated days}}; at {rate} a day it lasts {cover, plural, one {# day} other {# days}}.",
  "why.outlook.noDemandAfter": "No demand after the {horizon, plural, one {# simulated day} other {# simulated days}}: stock is not used up.",
  "why.outlook.noDemand": "No demand.",
  "why.outlook.expiring": "Expiring unused: {lots}.",
  "why.outlook.expiringLot": "lot {lot} {quantity} on {date}",
  "why.outlook.reorder":
    "Reorder point = demand over {lead, plural, one {# day} other {# days}} lead time {leadDemand} + {safety, plural, one {# safety day} other {# safety days}} × {meanLead} a day = {point}.",
  "why.outlook.max": "Maximum = {point} + demand over {review, plural, one {# day} other {# days}} review {reviewDemand} = {max}.",
  "why.outlook.positionOrder": "Position = usable {usable} + in transit {inTransit} = {position} ≤ {point} → order ceil({max} - {position}) = {order}.",
  "why.outlook.positionAbove": "Position = usable {usable} + in transit {inTransit} = {position} > {point} → no order.",
  "why.outlook.positionNoDemand": "Position = usable {usable} + in transit {inTransit} = {position} (no demand over the lead time) → no order.",
  "why.basis.consumption": "Order based on actual consumption over the last {days, plural, one {# day} other {# days}}: {rate} per person per day (issued {issued} ÷ person-days {personDays}).",
  "why.basis.norm": "Order based on the norm: {rate} per person per day.",
  "why.basis.normNoPeople": "Order based on the norm.",
  "why.basis.fallbackFewDays": "Actual consumption was chosen, but people were present on only {have, plural, one {# day} other {# days}} of the last {days} ({need} needed). {norm}",
  "why.basis.fallbackNothingIssued": "Actual consumption was chosen, but no issue was recorded in the last {days, plural, one {# day} other {# days}}. {norm}",
  "why.plan.demand": "Demand:",
  "why.plan.warehouse": "A warehouse houses nobody: no demand of its own.",
  "why.plan.notStocked": "This facility does not stock this vaccine: no demand planned here.",
  "why.stale.never": "No entry ever; data is stale after {limit} h (norm stale_after_hours).",
  "why.stale.hours": "No entry for {hours} h; data is stale after {limit} h (norm stale_after_hours).",
};
