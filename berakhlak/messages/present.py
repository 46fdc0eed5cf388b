"""Differences, gaps and the delegation's briefing (issue 13)."""

MESSAGES = {
    "bench.table_colours": ("Warna: selisih dari rata-rata nasional — biru di atas, jingga di bawah, putih bila setara (selisih kurang dari 1 poin). Huruf A–D = kategori.",
                            "Colours: the difference from the national average — blue above, orange below, white when level (a gap under 1 point). Letters A–D = category."),
    "gap.setara": ("setara (selisih < 1 poin)", "level (gap < 1 point)"),
    "gap.setara_short": ("setara", "level"),
    "chart.diff_from": ("Selisih dari {name}", "Difference from {name}"),
    "chart.diff_axis": ("Selisih dari {name} (poin)", "Difference from {name} (points)"),
    "cmp.label": ("Warnai menurut selisih dari", "Colour by the difference from"),
    "cmp.help": ("Sel berwarna biru bila di atas pembanding, jingga bila di bawah, putih bila setara (selisih kurang dari 1 poin). Kategori (A–D) tertulis di setiap sel.",
                 "Cells are blue above the comparator, orange below, white when level (a gap under 1 point). The category (A–D) is written in each cell."),
    "cmp.parent": ("Total instansi", "The organisation's total"),
    "cmp.national": ("Rata-rata nasional", "National average"),
    "cmp.benchmark": ("Pembanding", "Benchmark"),
    "cmp.weakest": ("Paling lemah: **{row}** pada **{column}** ({score}), {gap} poin dari {name}.",
                    "Weakest: **{row}** on **{column}** ({score}), {gap} points from {name}."),
    "cmp.none_below": ("Tidak ada sel yang lebih dari 1 poin di bawah {name}.",
                       "No cell is more than 1 point below {name}."),
}
