-- The new sources of an import (the frame incoming_sources: url, title, publisher, kind), inside
-- the importer's transaction; a known url keeps its source_id.
INSERT INTO source (source_id, url, title, publisher, kind)
SELECT (SELECT coalesce(max(source_id), 0) FROM source) + row_number() OVER (ORDER BY s.url),
       s.url, s.title, s.publisher, s.kind
FROM incoming_sources s
WHERE NOT EXISTS (SELECT 1 FROM source x WHERE x.url = s.url);
