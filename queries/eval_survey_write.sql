-- One survey import's writes, inside the caller's transaction. Frames: incoming_units and
-- incoming_behaviour (the added and replaced unit-years), incoming_entities (new units).
INSERT INTO dataset (name, kind)
SELECT $dataset, $dataset_kind
WHERE NOT EXISTS (SELECT 1 FROM dataset WHERE name = $dataset);

INSERT INTO entity (code, name, level, parent_code, region_code)
SELECT e.code, e.name, e.level, e.parent_code, e.region_code
FROM incoming_entities e
WHERE NOT EXISTS (SELECT 1 FROM entity x WHERE x.code = e.code);

INSERT INTO import_log (dataset, who, file_name, checksum, rows_added, rows_replaced, rows_unchanged, errors)
VALUES ($dataset, $who, $file_name, $checksum, $added, $replaced, $unchanged, 0);

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
