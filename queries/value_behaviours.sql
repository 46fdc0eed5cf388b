-- The 3 behaviour guidelines (panduan perilaku) of one value, in order.
SELECT b.ord, b.text_id, b.text_en, v.name_id, v.name_en
FROM behaviour b JOIN value v ON v.code = b.value_code
WHERE b.value_code = $value
ORDER BY b.ord;
