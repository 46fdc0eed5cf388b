-- Every known entity, whatever its data.
SELECT code, name, level, parent_code, region_code FROM entity ORDER BY code;
