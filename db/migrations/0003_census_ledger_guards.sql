-- The population ledger is append-only, like the audit log.
CREATE TRIGGER population_entries_append_only
  BEFORE UPDATE OR DELETE ON population_entries
  FOR EACH ROW EXECUTE FUNCTION albergue_refuse_change();
--> statement-breakpoint
CREATE TRIGGER population_entries_no_truncate
  BEFORE TRUNCATE ON population_entries
  FOR EACH STATEMENT EXECUTE FUNCTION albergue_refuse_change();
--> statement-breakpoint
CREATE TRIGGER population_entry_nationalities_append_only
  BEFORE UPDATE OR DELETE ON population_entry_nationalities
  FOR EACH ROW EXECUTE FUNCTION albergue_refuse_change();
--> statement-breakpoint
-- Reference norms production needs (Sphere 2018, UNHCR); admins may edit the values.
INSERT INTO norms (key, value, unit, source) VALUES
  ('covered_area_per_person', 3.5, 'm²/person', 'Sphere 2018, Shelter and settlement standard 3; UNHCR'),
  ('water_per_person_day', 15, 'L/person/day', 'Sphere 2018, Water supply standard 1; UNHCR WASH standards'),
  ('people_per_toilet', 20, 'people/toilet', 'Sphere 2018 WASH, excreta management (after the first phase)'),
  ('people_per_toilet_first_phase', 50, 'people/toilet', 'Sphere 2018 WASH, excreta management (first phase)'),
  ('occupancy_warning', 0.85, 'ratio', 'Albergue default; configurable'),
  ('occupancy_saturated', 1.0, 'ratio', 'Albergue default; configurable'),
  ('stale_after_hours', 12, 'hours', 'Albergue default; configurable')
ON CONFLICT (key) DO NOTHING;
