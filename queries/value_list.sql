-- The 7 values in their official order.
SELECT code, ord, name_id, name_en FROM value ORDER BY ord;
