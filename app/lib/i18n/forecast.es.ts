// Pronóstico de llegadas: "por qué esta cifra", banda, historial, nivel de planificación y cambios de régimen.
export const esForecast = {
  "forecast.formula.naive": "Pronóstico ingenuo: lo que viene es lo último registrado ({value} por día).",
  "forecast.formula.seasonalNaive": "Pronóstico estacional ingenuo: cada día repite el mismo día de la semana anterior.",
  "forecast.formula.seasonal": "Suavizado exponencial con perfil semanal sobre log(1 + llegadas), alfa {alpha}.",
  "forecast.formula.damped": "Tendencia amortiguada sobre log(1 + llegadas): alfa {alpha}, beta {beta}, phi {phi}.",
  "forecast.formula.ses": "Suavizado exponencial simple sobre log(1 + llegadas), alfa {alpha}.",
  "forecast.formula.chosen":
    "Elegido entre el ingenuo, los suavizados y el perfil semanal por el menor error a 1–{horizon, plural, one {# día} other {# días}} sobre {window, plural, one {el último día} other {los últimos # días}} (de {history}), con los errores ponderados hacia lo reciente (vida media de {halfLife, plural, one {# día} other {# días}}); el ingenuo se mantiene salvo que otro sea claramente mejor.",
  "forecast.formula.band":
    "Banda del {percent} %: cuantiles de los propios errores recientes del pronóstico, log((real + 1)/(pronóstico + 1)), ajustados en línea por separado arriba y abajo (el lado que falla se ensancha solo); mañana el borde superior es {ratio} × (pronóstico + 1).",
  "forecast.formula.cap":
    "El borde superior nunca supera la mayor subida en el mismo número de días vista en {window, plural, one {el último día} other {los últimos # días}}, aplicada a lo último registrado.",
  "forecast.formula.capped":
    "El borde superior está limitado por la mayor subida en el mismo número de días vista en {window, plural, one {el último día} other {los últimos # días}}, aplicada a lo último registrado (tope aplicado).",
  "forecast.formula.record":
    "Historial a {horizon, plural, one {# día} other {# días}}: {inside14}/{origins14} resultados dentro de la banda en los últimos 14 pronósticos y {inside60}/{origins60} en los últimos 60; MASE {mase} frente al pronóstico ingenuo.",
  "forecast.formula.noRecord": "Todavía no hay resultados para medir el historial del pronóstico.",
  "forecast.formula.level.median": "Se planifica sobre la mediana del pronóstico (nivel de planificación de la red).",
  "forecast.formula.level.p80": "Se planifica sobre el borde superior de la banda del 80 % (nivel de planificación de la red).",
  "forecast.formula.level.p95": "Se planifica sobre el borde superior de la banda del 95 % (nivel de planificación de la red).",
  "forecast.change": "El flujo cambió el {date}: el pronóstico es menos seguro.",
  "forecast.changeUp": "subida",
  "forecast.changeDown": "bajada",
  "forecast.level.median": "la mediana",
  "forecast.level.p80": "el borde superior de la banda del 80 %",
  "forecast.level.p95": "el borde superior de la banda del 95 %",
  "forecast.planningLevel": "Nivel de planificación: {level}.",
  "forecast.band": "Banda del {percent} %",
  "forecast.record.title": "Historial del pronóstico",
  "forecast.record.summary":
    "A {horizon, plural, one {# día} other {# días}}: {inside14}/{origins14} resultados dentro de la banda en los últimos 14 pronósticos y {inside60}/{origins60} en los últimos 60; MASE {mase} frente al pronóstico ingenuo.",
  "forecast.record.afterChange": "Tras el cambio del {date} ({direction}): {inside}/{outcomes} resultados dentro de la banda.",
  "forecast.record.none": "Todavía no hay resultados para medir el historial del pronóstico.",
  "norms.name.planning_level": "Nivel de planificación",
  "norms.unit.planning_level": "0.5 mediana · 0.8 borde del 80 % · 0.95 borde del 95 %",
  "norms.planningLevelRange": "Debe ser 0.5 (mediana), 0.8 (borde superior del 80 %) o 0.95 (borde superior del 95 %).",
  "planning.level.median":
    "La capacidad y las existencias se planifican sobre la mediana del pronóstico de llegadas (nivel de planificación de la red): la mitad de los días llegará más gente.",
  "planning.level.p80":
    "La capacidad y las existencias se planifican sobre el borde superior de la banda del 80 % de las llegadas (nivel de planificación de la red): quedarse corto cuesta más que tener unos días de reserva.",
  "planning.level.p95":
    "La capacidad y las existencias se planifican sobre el borde superior de la banda del 95 % de las llegadas (nivel de planificación de la red): más reserva a cambio de casi nunca quedarse corto.",
  "forecast.chartDescription": "Llegadas diarias de las últimas 8 semanas y el pronóstico con su banda del {percent} %.",
  "report.basisLevel.median": "Proyecciones a {horizon, plural, one {# día} other {# días}} sobre la mediana del pronóstico de llegadas.",
  "report.basisLevel.p80": "Proyecciones a {horizon, plural, one {# día} other {# días}} sobre el borde superior de la banda del 80 % de las llegadas.",
  "report.basisLevel.p95": "Proyecciones a {horizon, plural, one {# día} other {# días}} sobre el borde superior de la banda del 95 % de las llegadas.",
  "forecast.facility.title": "Pronóstico de entradas",
  "forecast.facility.next7": "Próximos 7 días: {mean} entradas previstas; se planifica sobre {plan} ({level}).",
} as const;
