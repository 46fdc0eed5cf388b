-- Whether the reference tables are filled (they are filled once, together).
SELECT count(*) > 0 AS loaded FROM value;
