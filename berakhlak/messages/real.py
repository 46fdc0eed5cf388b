"""Messages of real figures first (issue 14): confidence caveats, the unnamed measure, methods
other than the year's default, recognitions, national coverage, the first screen."""

MESSAGES = {
    "measure.tidak_disebut": ("Indeks yang tidak disebut sumbernya", "Index not named by the source"),
    "real.unnamed_caveat": ("Sumbernya tidak menyebut indeks apa ini (implementasi atau kesehatan budaya): angka ini tidak "
                            "diperingkat, dirata-rata, atau dibandingkan dengan indeks implementasi.",
                            "The source does not say which index this is (implementation or culture health): it is not "
                            "ranked, averaged or compared with implementation indices."),
    "real.no_impl_index": ("Tidak ada indeks implementasi {year} yang dipublikasikan; yang ada hanya angka di bawah ini.",
                           "No implementation index is published for {year}; only the figure below."),
    "real.medium": ("Keyakinan sedang", "Medium confidence"),
    "real.medium_caveat": ("**Keyakinan sedang** ({what}): {note}", "**Medium confidence** ({what}): {note}"),
    "real.caveats_title": ("Catatan atas angka", "Caveats on the figures"),
    "import.method_not_default": ("metode {method} bukan metode bawaan tahun {year} ({default}); baris ini diukur "
                                  "dengan metodenya sendiri dan trennya memperlakukannya demikian.",
                                  "method {method} is not the default of {year} ({default}); the row is measured by its "
                                  "own method and trends treat it so."),
    "import.bad_confidence": ("keyakinan '{value}' tidak dikenal. Pilihan: {allowed} (atau kosong).",
                              "unknown confidence '{value}'. Allowed: {allowed} (or empty)."),
    "real.method_own": ("{year}: metode {method} (dari sumbernya, bukan metode bawaan tahun itu)",
                        "{year}: method {method} (from its source, not that year's default)"),
    # recognitions
    "rec.title": ("Penghargaan dan peringkat yang dipublikasikan", "Published awards and ranks"),
    "rec.none": ("Belum ada penghargaan atau peringkat yang dipublikasikan untuk {name} dalam dataset ini.",
                 "No published award or rank for {name} in this dataset yet."),
    "rec.rank": ("peringkat {rank}", "rank {rank}"),
    "rec.rank_of": ("peringkat {rank} dari {of}", "rank {rank} of {of}"),
    "rec.top": ("{top} besar", "top {top}"),
    "rec.line": ("**{year}** · {award} · _{scope}_ · {by}", "**{year}** · {award} · _{scope}_ · {by}"),
    "rec.value": ("nilai {value}", "value {value}"),
    "rec.source": ("sumber", "source"),
    "rec.published_rank": ("Peringkat dipublikasikan", "Published rank"),
    "rec.published_rank_value": ("{position} dari {of}", "{position} of {of}"),
    "rec.published_rank_help": ("Peringkat menurut sumbernya, dalam lingkup: {scope}.",
                                "The rank as its source gives it, within: {scope}."),
    "rec.col.published": ("Peringkat/penghargaan dipublikasikan", "Published rank/award"),
    "rec.winners_title": ("Peraih penghargaan nilai {value}", "Award winners for {value}"),
    "rec.winners_none": ("Belum ada penghargaan yang dipublikasikan untuk nilai {value} dalam dataset ini.",
                         "No published award for the value {value} in this dataset yet."),
    "rec.suggest_title": ("Saran tujuan studi banding", "Suggested benchmarks"),
    "rec.suggest_intro": ("Peraih penghargaan untuk nilai terlemah {name} ({values}):",
                          "Award winners for the weakest values of {name} ({values}):"),
    "rec.suggest_none": ("Belum ada peraih penghargaan yang dipublikasikan untuk nilai terlemah {name} ({values}).",
                         "No published award winner yet for the weakest values of {name} ({values})."),
    "rec.suggest_no_values": ("Nilai per nilai {name} belum tersedia, jadi nilai terlemahnya tidak diketahui. Peraih "
                              "penghargaan per nilai:",
                              "{name} has no per-value scores, so its weakest values are unknown. Per-value award winners:"),
    "rec.col.year": ("Tahun survei", "Survey year"),
    "rec.col.entity": ("Instansi", "Organisation"),
    "rec.col.award": ("Penghargaan", "Award"),
    "rec.col.value": ("Nilai", "Value"),
    "rec.col.scope": ("Lingkup", "Scope"),
    "rec.col.rank": ("Peringkat", "Rank"),
    "rec.col.by": ("Pemberi", "Awarded by"),
    "rec.col.source": ("Sumber", "Source"),
    "rec.col.confidence": ("Keyakinan", "Confidence"),
    "rec.confidence.high": ("tinggi", "high"),
    "rec.confidence.medium": ("sedang", "medium"),
    "rec.whole_index": ("indeks", "index"),
    # recognition import
    "rec.import.missing_entity": ("kode {value} tidak dikenal: impor dulu skornya (dengan nama dan tingkatnya), atau "
                                  "gunakan kode Kemendagri.",
                                  "unknown code {value}: import its scores first (with its name and level), or use a "
                                  "Kemendagri code."),
    "rec.import.rank_or_top": ("peringkat dan top_n tidak boleh diisi keduanya.", "rank and top_n cannot both be given."),
    "rec.import.bad_count": ("'{value}' bukan bilangan bulat positif.", "'{value}' is not a positive whole number."),
    "rec.import.rank_above_of": ("peringkat {value} lebih besar dari jumlahnya ({of}).",
                                 "rank {value} is larger than the number ranked ({of})."),
    "rec.import.done": ("Penghargaan diimpor ke dataset '{dataset}': {added} baru, {replaced} diganti, {unchanged} sama "
                        "(impor #{import_id}).",
                        "Recognitions imported into dataset '{dataset}': {added} new, {replaced} replaced, {unchanged} "
                        "unchanged (import #{import_id})."),
    "rec.template_name": ("Templat penghargaan dan peringkat", "Template for awards and ranks"),
    "data.template_recognitions_help": ("Berkas dengan kolom `award` (penghargaan) diimpor sebagai penghargaan/peringkat "
                                        "yang dipublikasikan: entity_code, survey_year, awarded_by, award, value_code "
                                        "(kosong = indeks), scope, rank atau top_n, of, source_url, confidence.",
                                        "A file with an `award` column is imported as published awards/ranks: "
                                        "entity_code, survey_year, awarded_by, award, value_code (empty = the index), "
                                        "scope, rank or top_n, of, source_url, confidence."),
    "data.export_recognitions": ("Unduh {n} penghargaan/peringkat dari '{dataset}' ({fmt})",
                                 "Download {n} awards/ranks of '{dataset}' ({fmt})"),
    # units (categories, internal ranking)
    "units.category_counts": ("Kategori unit: {parts}", "Units by category: {parts}"),
    "units.category_count": ("**{n}** unit predikat {code}", "**{n}** units in category {code}"),
    # the 2025 self-run index: weights and publishing
    "mandiri.weights_source": ("Bawaan 80 % survei + 20 % bukti dukung: Indeks BerAKHLAK 2025 yang diukur mandiri per "
                               "unit (metode MANDIRI-2025), seperti dilaporkan Pemkab Barito Utara ([kedai.my.id]({url})).",
                               "Default 80 % survey + 20 % evidence: the 2025 BerAKHLAK Index measured by each instansi "
                               "itself per unit (method MANDIRI-2025), as reported by Pemkab Barito Utara "
                               "([kedai.my.id]({url}))."),
    "mandiri.preset": ("Bobot", "Weights"),
    "mandiri.preset.mandiri": ("MANDIRI-2025: 80 % survei / 20 % bukti", "MANDIRI-2025: 80 % survey / 20 % evidence"),
    "mandiri.preset.equal": ("Setara: 50 % / 50 %", "Equal: 50 % / 50 %"),
    "mandiri.preset.custom": ("Atur sendiri", "Custom"),
    "mandiri.publish_title": ("Terbitkan sebagai Indeks BerAKHLAK {year} (MANDIRI-2025)",
                              "Publish as the {year} BerAKHLAK Index (MANDIRI-2025)"),
    "mandiri.publish_intro": ("Skor gabungan tiap unit ({survey} % survei + {institution} % bukti dukung) dijadikan angka "
                              "indeks metode MANDIRI-2025 dalam dataset **{dataset}**, lalu tampil di halaman Unit, "
                              "peringkat antarunit, kategori dan presentasi seperti indeks lain (dengan jeda metode "
                              "terhadap 2024). Dapat dibatalkan dari log impor di Kelola Data.",
                              "Each unit's combined score ({survey} % survey + {institution} % evidence) becomes an "
                              "index figure of method MANDIRI-2025 in dataset **{dataset}**, then shows on the Unit page, "
                              "the ranks among units, the categories and the deck like any index (with the method break "
                              "against 2024). It can be undone from the import log on Kelola Data."),
    "mandiri.publish_weights_only": ("Hanya bobot 80/20 (metode MANDIRI-2025) yang dapat diterbitkan; bobot sekarang "
                                     "{survey}/{institution}.",
                                     "Only the 80/20 weights (method MANDIRI-2025) can be published; the weights now are "
                                     "{survey}/{institution}."),
    "mandiri.publish_none": ("Belum ada unit dengan skor gabungan pada {year} (perlu survei dan daftar bukti dukung).",
                             "No unit has a combined score in {year} yet (it needs the survey and the evidence checklist)."),
    "mandiri.publish_admin": ("Hanya admin (kepala biro) yang dapat menerbitkan.", "Only an admin (bureau head) can publish."),
    "mandiri.publish_button": ("Terbitkan {n} angka ke '{dataset}'", "Publish {n} figures to '{dataset}'"),
    "mandiri.published": ("Diterbitkan: {added} baru, {replaced} diganti, {unchanged} sama (impor #{import_id}).",
                          "Published: {added} new, {replaced} replaced, {unchanged} unchanged (import #{import_id})."),
    "mandiri.note": ("Indeks MANDIRI-2025 {year}: {survey} % survei budaya kerja + {institution} % evaluasi bukti dukung, "
                     "dihitung dari evaluasi internal",
                     "MANDIRI-2025 index {year}: {survey} % work-culture survey + {institution} % evidence evaluation, "
                     "computed from the internal evaluation"),
    "mandiri.preview": ("Pratinjau", "Preview"),
    # national coverage
    "cov.line": ("Cakupan survei {year}: {parts}.", "Survey coverage {year}: {parts}."),
    "cov.fact.instansi_participating": ("{n} instansi ikut", "{n} instansi took part"),
    "cov.fact.respondents": ("{n} responden", "{n} respondents"),
    "cov.fact.instansi_counted": ("{n} instansi memenuhi minimum responden dan dihitung",
                                  "{n} instansi met their minimum of respondents and were counted"),
    "cov.fact.instansi_below_minimum": ("{n} instansi di bawah minimum responden", "{n} instansi below their minimum of respondents"),
    "cov.no_source": ("sumber belum ditemukan", "source not found yet"),
    # first screen
    "first.not_published": ("{name} belum ada dalam angka yang dipublikasikan.",
                            "{name} is not among the published figures yet."),
    "first.nearest": ("Lihat angka nyata terdekat: {name}", "See the nearest real figures: {name}"),
    # studi banding on sparse real data
    "bench.missing_title": ("Yang nyata dan yang belum ada", "What is real and what is missing"),
    "bench.side_scores": ("Skor yang dipublikasikan: {years}.", "Published scores: {years}."),
    "bench.side_no_scores": ("Belum ada skor yang dipublikasikan dalam dataset ini.",
                             "No published score in this dataset yet."),
    "bench.no_common_year_real": ("{home} dan {bench} tidak punya skor pada tahun yang sama dalam dataset ini, jadi selisih "
                                  "per nilai tidak dapat dihitung. Yang ada ditunjukkan di bawah ini; pasangan tidak "
                                  "diganti.",
                                  "{home} and {bench} have no score in the same year in this dataset, so per-value gaps "
                                  "cannot be computed. What exists is shown below; the pair is not changed."),
    "bench.missing_values": ("Tidak ada skor per nilai untuk {name} pada {year}: selisih per nilai tidak dapat dihitung.",
                             "No per-value scores for {name} in {year}: per-value gaps cannot be computed."),
}
