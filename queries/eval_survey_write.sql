-- One survey import's own writes, inside the importer's transaction after entity_write and
-- import_log_write (berakhlak.ingest.importer.writing). Frames: incoming_units and
-- incoming_behaviour (the added and replaced unit-years).
DELETE FROM eval_survey_behaviour
USING incoming_units i
WHERE eval_survey_behaviour.dataset = $dataset
  AND eval_survey_behaviour.entity_code = i.unit_code
  AND eval_survey_behaviour.year = i.year;

DELETE FROM eval_survey_unit
USING incoming_units i
WHERE eval_survey_unit.dataset = $dataset
  AND eval_survey_unit.entity_code = i.unit_code
  AND eval_survey_unit.year = i.year;

INSERT INTO eval_survey_unit (dataset, entity_code, year, respondents, method, import_id)
SELECT $dataset, unit_code, year, respondents, 'INTERNAL', (SELECT max(import_id) FROM import_log)
FROM incoming_units;

INSERT INTO eval_survey_behaviour (dataset, entity_code, year, value_code, ord, answers, rating_sum)
SELECT $dataset, unit_code, year, value_code, ord, answers, rating_sum
FROM incoming_behaviour;
