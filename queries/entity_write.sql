-- The new entities of an import (the frame incoming_entities: code, name, level, parent_code,
-- region_code), inside the importer's transaction; a known code is left as it is.
INSERT INTO entity (code, name, level, parent_code, region_code)
SELECT e.code, e.name, e.level, e.parent_code, e.region_code
FROM incoming_entities e
WHERE NOT EXISTS (SELECT 1 FROM entity x WHERE x.code = e.code);
