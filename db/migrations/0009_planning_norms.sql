-- Planning defaults (issue 6), each with its source; administrators edit them on the norms page.
INSERT INTO norms (key, value, unit, source) VALUES
  ('forecast_horizon_days', 14, 'days', 'Albergue default: two weeks ahead, within the 28 days the forecast supports'),
  ('saturation_alert_days', 7, 'days', 'Albergue default: warn a week before a facility is projected to saturate'),
  ('length_of_stay_window_days', 28, 'days', 'Albergue default: length of stay measured over the last four weeks'),
  ('default_length_of_stay_days', 3, 'days', 'SNM Panama: typical stay 1 to 6 days (used when nothing was measured)'),
  ('bus_size', 50, 'people/bus', 'Albergue default: one transfer bus'),
  ('review_period_days', 14, 'days', 'MSH: maximum level = minimum + consumption over the review interval')
ON CONFLICT (key) DO NOTHING;
