-- The stock ledger is append-only, like the population ledger and the audit log.
CREATE TRIGGER stock_entries_append_only
  BEFORE UPDATE OR DELETE ON stock_entries
  FOR EACH ROW EXECUTE FUNCTION albergue_refuse_change();
--> statement-breakpoint
CREATE TRIGGER stock_entries_no_truncate
  BEFORE TRUNCATE ON stock_entries
  FOR EACH STATEMENT EXECUTE FUNCTION albergue_refuse_change();
--> statement-breakpoint
CREATE TRIGGER stock_operations_append_only
  BEFORE UPDATE OR DELETE ON stock_operations
  FOR EACH ROW EXECUTE FUNCTION albergue_refuse_change();
--> statement-breakpoint
-- The catalogue a station starts with (reference norms: Sphere, WFP, WHO; see
-- shared reference standards). Administrators edit it; quantities are in each item's unit.
INSERT INTO items (code, name_es, name_en, category, unit, lot_tracked, expires, cold_chain, storage_min_c, storage_max_c, doses_per_vial, open_vial_rule, wastage_rate) VALUES
  ('RATION-KIT', 'Ración lista para comer (1 persona-día)', 'Ready-to-eat ration kit (1 person-day)', 'food', 'kit', true, true, false, null, null, null, null, null),
  ('WATER-L', 'Agua potable', 'Drinking water', 'water', 'L', false, false, false, null, null, null, null, null),
  ('RUTF', 'ATLC (RUTF) sobre 92 g', 'RUTF sachet 92 g', 'nutrition', 'sachet', true, true, false, null, null, null, null, null),
  ('RUSF', 'ASLC (RUSF) sobre', 'RUSF sachet', 'nutrition', 'sachet', true, true, false, null, null, null, null, null),
  ('FORMULA', 'Fórmula infantil, lata 900 g', 'Infant formula, 900 g tin', 'nutrition', 'tin', true, true, false, null, null, null, null, null),
  ('SOAP', 'Jabón, barra 250 g', 'Soap, 250 g bar', 'hygiene', 'bar', false, false, false, null, null, null, null, null),
  ('HYGIENE-KIT', 'Kit de higiene', 'Hygiene kit', 'hygiene', 'kit', false, false, false, null, null, null, null, null),
  ('DIAPERS', 'Pañales', 'Nappies', 'hygiene', 'piece', false, false, false, null, null, null, null, null),
  ('ORS', 'Sales de rehidratación oral', 'Oral rehydration salts', 'medical', 'sachet', true, true, false, null, null, null, null, null),
  ('VAC-MR', 'Vacuna SR (sarampión-rubéola)', 'MR vaccine (measles-rubella)', 'vaccine', 'dose', true, true, true, 2, 8, 10, 'session_end', 0.5),
  ('VAC-BOPV', 'Vacuna bOPV (polio oral)', 'bOPV vaccine (oral polio)', 'vaccine', 'dose', true, true, true, 2, 8, 20, 'days_28', 0.25),
  ('VAC-TD', 'Vacuna Td', 'Td vaccine', 'vaccine', 'dose', true, true, true, 2, 8, 10, 'days_28', 0.25),
  ('VAC-HEXA', 'Vacuna hexavalente', 'Hexavalent vaccine', 'vaccine', 'dose', true, true, true, 2, 8, 1, 'days_28', 0.05),
  ('VAC-PCV13', 'Vacuna neumocócica conjugada 13', 'Pneumococcal conjugate vaccine 13', 'vaccine', 'dose', true, true, true, 2, 8, 4, 'days_28', 0.1),
  ('VAC-ROTA', 'Vacuna rotavirus', 'Rotavirus vaccine', 'vaccine', 'dose', true, true, true, 2, 8, 1, 'days_28', 0.05),
  ('VAC-YF', 'Vacuna fiebre amarilla', 'Yellow fever vaccine', 'vaccine', 'dose', true, true, true, 2, 8, 10, 'session_end', 0.5),
  ('VAC-FLU', 'Vacuna influenza', 'Influenza vaccine', 'vaccine', 'dose', true, true, true, 2, 8, 10, 'days_28', 0.25)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
-- Items that are not lot-tracked keep their stock in one lot without a number.
INSERT INTO lots (item_id, lot_number) SELECT id, '' FROM items WHERE NOT lot_tracked ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO item_norms (item_id, target, per_person_day, source)
SELECT i.id, n.target, n.per_person_day, n.source FROM items i JOIN (VALUES
  ('RATION-KIT', 'everyone', 1.0, '1 kit = 1 person-day (assumption, planner editable)'),
  ('WATER-L', 'everyone', 15.0, 'Sphere 2018, Water supply standard 1: 15 L per person per day'),
  ('SOAP', 'everyone', 0.0667, 'Sphere 2011: 250 g bathing + 250 g laundry soap per person per month'),
  ('HYGIENE-KIT', 'everyone', 0.0333, 'One kit per person per month (assumption)'),
  ('DIAPERS', 'boys0to11m', 6.0, 'Six nappies per infant per day (assumption)'),
  ('DIAPERS', 'girls0to11m', 6.0, 'Six nappies per infant per day (assumption)'),
  ('DIAPERS', 'boys1to4', 3.0, 'Three nappies per young child per day (assumption)'),
  ('DIAPERS', 'girls1to4', 3.0, 'Three nappies per young child per day (assumption)'),
  ('RUTF', 'samChildren', 3.0, 'WHO: about 2 to 5 sachets a day by weight; 3 on average'),
  ('RUSF', 'mamChildren', 1.0, 'WFP practice: about 1 sachet per child per day'),
  ('FORMULA', 'assessedInfants', 0.2857, 'IFE Operational Guidance: two 900 g tins per week')
) AS n(code, target, per_person_day, source) ON n.code = i.code
ON CONFLICT DO NOTHING;
