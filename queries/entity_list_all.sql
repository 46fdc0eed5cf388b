-- Every known entity, whatever its data.
-- @arrow (many rows of text: the result comes through Arrow, see berakhlak/db.py)
SELECT code, name, level, parent_code, region_code FROM entity ORDER BY code;
