# ruff: noqa: E402  (a script building corpus files step by step)
"""Makes the XLSX files of the corpus (run from this folder; the outputs are committed)."""
from openpyxl import Workbook

wb = Workbook()
ws = wb.active
ws.title = "Catatan"
ws.append(["Hasil survei BerAKHLAK", "lihat sheet lain"])
ws2 = wb.create_sheet("Rekap")
ws2.append(["kode_satker", "periode", "nilai_total"])
ws2.append(["62", 2024, 70.5])
wb.save("wrong_sheet.xlsx")

wb = Workbook()
ws = wb.active
ws.title = "data"
ws.append(["entity_code", "year", "score"])
ws.append(["62", 2024, "=1+99"])
ws.append(["62.03", 2024, 150])
wb.save("xlsx_bad_values.xlsx")

# A zip that is not a workbook.
import zipfile

with zipfile.ZipFile("not_a_workbook.xlsx", "w") as z:
    z.writestr("hello.txt", "bukan excel")

# A formula with the result Excel saved for it (openpyxl writes no results: add it to the XML).
wb = Workbook()
ws = wb.active
ws.title = "data"
ws.append(["entity_code", "year", "score"])
ws.append(["62", 2024, "=70+0.5"])
wb.save("formula_with_result.xlsx")
with zipfile.ZipFile("formula_with_result.xlsx") as z:
    parts = {n: z.read(n) for n in z.namelist()}
sheet = parts["xl/worksheets/sheet1.xml"].decode()
assert "<f>70+0.5</f><v></v>" in sheet
parts["xl/worksheets/sheet1.xml"] = sheet.replace("<f>70+0.5</f><v></v>", "<f>70+0.5</f><v>70.5</v>").encode()
with zipfile.ZipFile("formula_with_result.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for n, data in parts.items():
        z.writestr(n, data)
