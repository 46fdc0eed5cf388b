"""Messages of the Kelola Data page, access control, the writer, rollback and the stricter import
checks: {key: (Indonesian, English)}."""

MESSAGES = {
    # navigation
    "nav.section.admin": ("Administrasi", "Administration"),
    "nav.data": ("Kelola Data", "Manage data"),
    # the writer
    "db.busy": ("Impor lain sedang berjalan pada basis data {path}; sudah ditunggu {seconds} detik. Coba lagi setelah impor itu selesai. Tidak ada data yang diubah.",
                "Another import is running on database {path}; waited {seconds} seconds. Try again when it has finished. No data was changed."),
    # import: stricter checks
    "import.too_large": ("Berkas terlalu besar: {size} MB, batasnya {limit} MB. Pecah berkas menjadi beberapa bagian (mis. per tahun), atau minta admin menaikkan BERAKHLAK_MAX_UPLOAD_MB.",
                         "The file is too large: {size} MB, the limit is {limit} MB. Split it into parts (e.g. one per year), or ask the admin to raise BERAKHLAK_MAX_UPLOAD_MB."),
    "import.xlsx_too_big": ("Berkas XLSX ini membengkak menjadi {size} MB saat dibuka; ditolak tanpa dibaca. Simpan sebagai CSV.",
                            "This XLSX file unpacks to {size} MB; refused unread. Save it as CSV."),
    "import.too_many_cells": ("baris ini punya {found} sel, padahal tajuk punya {expected} kolom (periksa pemisah , atau ; dan tanda kutip).",
                              "this row has {found} cells but the header has {expected} columns (check the , or ; separator and the quotes)."),
    "import.too_long": ("isi sel terlalu panjang ({length} karakter; paling banyak {limit}).",
                        "the cell is too long ({length} characters; at most {limit})."),
    "import.control_chars": ("sel berisi karakter kendali (baris baru atau karakter tak terlihat); hapus karakter itu. Bila sel ini memuat isi beberapa baris, ada tanda kutip \" yang tidak ditutup.",
                             "the cell contains control characters (a line break or an invisible character); remove them. If this cell holds the content of several rows, a quote \" was left open."),
    "import.unreadable_csv": ("Berkas CSV tidak dapat dibaca (struktur rusak). Simpan ulang dari spreadsheet sebagai CSV UTF-8.",
                              "The CSV file cannot be read (broken structure). Save it again from the spreadsheet as CSV UTF-8."),
    "import.unreadable_xlsx": ("Berkas XLSX tidak dapat dibuka: rusak, dilindungi kata sandi, atau bukan buku kerja Excel. Simpan ulang dari Excel, atau sebagai CSV.",
                               "The XLSX file cannot be opened: it is damaged, password-protected, or not an Excel workbook. Save it again from Excel, or as CSV."),
    "import.formula_cell": ("sel berisi rumus '{value}' tanpa hasil tersimpan. Buka dan simpan berkas di Excel, atau tempel sebagai nilai.",
                            "the cell holds the formula '{value}' without a saved result. Open and save the file in Excel, or paste it as values."),
    # export
    "export.withheld": ("{rows} baris skor tidak diekspor karena respondennya kurang dari batas minimum (termasuk penekanan pelengkap).",
                        "{rows} score rows were not exported because they have fewer respondents than the minimum (including complementary suppression)."),
    # suppression
    "summary.suppressed_complementary": ("Disembunyikan (n = {n}) agar skor unit lain yang respondennya kurang tidak dapat dihitung dari total instansi.",
                                         "Hidden (n = {n}) so that another unit's score with too few respondents cannot be worked out from the organisation's total."),
    "overview.suppressed_complementary": ("Skor unit ini disembunyikan (n = {n}) agar skor unit lain yang respondennya kurang dari {min} tidak dapat dihitung dari total instansi induknya.",
                                          "This unit's scores are hidden (n = {n}) so that another unit's score with fewer than {min} respondents cannot be worked out from its parent organisation's total."),
    # rollback
    "rollback.unknown": ("Tidak ada entri #{import_id} dalam log impor.", "There is no entry #{import_id} in the import log."),
    "rollback.not_an_import": ("Entri #{import_id} adalah pembatalan, bukan impor; pembatalan tidak dapat dibatalkan. Impor ulang berkasnya bila perlu.",
                               "Entry #{import_id} is a rollback, not an import; a rollback cannot be undone. Re-import the file if needed."),
    "rollback.already": ("Impor #{import_id} sudah dibatalkan (entri #{by}).", "Import #{import_id} was already rolled back (entry #{by})."),
    "rollback.reserved": ("Impor #{import_id} mengisi dataset bawaan '{dataset}', yang dibangun ulang oleh `python -m berakhlak init`, bukan dibatalkan.",
                          "Import #{import_id} filled the built-in dataset '{dataset}', which is rebuilt by `python -m berakhlak init`, not rolled back."),
    "rollback.blocked": ("Sebagian baris impor #{import_id} sudah diganti oleh impor #{later}. Batalkan impor #{later} lebih dulu.",
                         "Some rows of import #{import_id} have since been replaced by import #{later}. Roll back import #{later} first."),
    "rollback.done": ("Impor #{import_id} dibatalkan (dataset '{dataset}'): {removed} baris dihapus, {restored} baris dipulihkan.",
                      "Import #{import_id} rolled back (dataset '{dataset}'): {removed} rows removed, {restored} rows restored."),
    # access control
    "auth.disabled": ("Halaman Kelola Data dinonaktifkan: belum ada admin yang dikonfigurasi. Melihat dasbor tetap terbuka untuk semua orang.",
                      "The Manage data page is disabled: no admin is configured. Viewing the dashboard stays open to everyone."),
    "auth.disabled_howto": ((
        "# Aktifkan dengan salah satu cara berikut, lalu muat ulang aplikasi.\n"
        "# 1) Kata sandi admin lokal: buat hash-nya dengan\n"
        "#      python -m berakhlak hash-password\n"
        "#    lalu simpan di .streamlit/secrets.toml:\n"
        "[berakhlak]\n"
        "admin_password_hash = \"scrypt$16384$8$1$...\"\n"
        "#    (atau di variabel lingkungan BERAKHLAK_ADMIN_PASSWORD_HASH)\n"
        "#\n"
        "# 2) Login OIDC (st.login): isi bagian [auth] di .streamlit/secrets.toml\n"
        "#    (redirect_uri, cookie_secret, client_id, client_secret, server_metadata_url)\n"
        "#    dan daftarkan e-mail admin:\n"
        "# [berakhlak]\n"
        "# admin_emails = [\"admin@instansi.go.id\"]"), (
        "# Enable it in one of these ways, then reload the app.\n"
        "# 1) A local admin password: make its hash with\n"
        "#      python -m berakhlak hash-password\n"
        "#    and put it in .streamlit/secrets.toml:\n"
        "[berakhlak]\n"
        "admin_password_hash = \"scrypt$16384$8$1$...\"\n"
        "#    (or in the environment variable BERAKHLAK_ADMIN_PASSWORD_HASH)\n"
        "#\n"
        "# 2) OIDC login (st.login): fill the [auth] section of .streamlit/secrets.toml\n"
        "#    (redirect_uri, cookie_secret, client_id, client_secret, server_metadata_url)\n"
        "#    and list the admins' e-mails:\n"
        "# [berakhlak]\n"
        "# admin_emails = [\"admin@instansi.go.id\"]")),
    "auth.oidc_login_needed": ("Halaman ini khusus admin. Masuk dengan akun organisasi Anda.",
                               "This page is for admins. Sign in with your organisation account."),
    "auth.oidc_login": ("Masuk", "Sign in"),
    "auth.oidc_not_admin": ("Anda masuk sebagai {email}, tetapi akun ini bukan admin. Minta admin menambahkan e-mail Anda ke admin_emails di secrets.",
                            "You are signed in as {email}, but this account is not an admin. Ask an admin to add your e-mail to admin_emails in the secrets."),
    "auth.logout": ("Keluar", "Sign out"),
    "auth.signed_in_as": ("Masuk sebagai admin: {who}", "Signed in as admin: {who}"),
    "auth.password_needed": ("Halaman ini khusus admin. Masukkan kata sandi admin.",
                             "This page is for admins. Enter the admin password."),
    "auth.your_name": ("Nama Anda (untuk log impor)", "Your name (for the import log)"),
    "auth.your_name_help": ("Dicatat pada setiap impor dan pembatalan yang Anda lakukan.",
                            "Recorded with every import and rollback you make."),
    "auth.password": ("Kata sandi admin", "Admin password"),
    "auth.login": ("Masuk", "Sign in"),
    "auth.wrong_password": ("Kata sandi salah. Sisa percobaan sebelum dikunci sementara: {left}.",
                            "Wrong password. Attempts left before a temporary lockout: {left}."),
    "auth.locked_out": ("Terlalu banyak percobaan yang gagal. Coba lagi dalam {seconds} detik.",
                        "Too many failed attempts. Try again in {seconds} seconds."),
    "auth.cli_prompt": ("Kata sandi admin: ", "Admin password: "),
    "auth.cli_empty": ("Kata sandi kosong; tidak ada hash yang dibuat.", "Empty password; no hash made."),
    # the page
    "data.title": ("Kelola Data", "Manage data"),
    "data.intro": ("Impor angka resmi atau data Anda sendiri, periksa dulu sebelum disimpan, batalkan impor lama, unduh templat, dan ekspor dataset.",
                   "Import the official results or your own figures, check them before they are saved, roll back past imports, download templates and export datasets."),
    "data.tab_import": ("Impor", "Import"),
    "data.tab_log": ("Riwayat impor", "Import log"),
    "data.tab_templates": ("Templat", "Templates"),
    "data.tab_export": ("Ekspor", "Export"),
    "data.upload": ("Berkas CSV atau XLSX", "CSV or XLSX file"),
    "data.upload_help": ("Format panjang (satu skor per baris) atau lebar (satu baris per instansi-tahun). Lihat tab Templat.",
                         "Long format (one score per row) or wide (one row per organisation-year). See the Templates tab."),
    "data.upload_limit": ("Ukuran berkas paling besar {limit} MB.", "Largest file size: {limit} MB."),
    "data.dataset": ("Dataset tujuan", "Target dataset"),
    "data.dataset_help": ("Nama dataset Anda: huruf kecil, angka, - atau _. Dataset yang sudah ada: {existing}.",
                          "Your dataset's name: lower-case letters, digits, - or _. Existing datasets: {existing}."),
    "data.none_yet": ("belum ada", "none yet"),
    "data.no_file": ("Pilih berkas untuk melihat laporan validasi dan pratinjau sebelum mengimpor. Belum ada yang diubah sampai Anda menekan tombol Impor.",
                     "Choose a file to see the validation report and a preview before importing. Nothing is changed until you press Import."),
    "data.checking": ("Memeriksa berkas…", "Checking the file…"),
    "data.report_title": ("Laporan validasi: {file}", "Validation report: {file}"),
    "data.report_problems": ("{count} masalah ditemukan. Berkas ini tidak dapat diimpor; tidak ada data yang diubah. Perbaiki baris dan kolom di bawah, lalu unggah lagi.",
                             "{count} problems found. This file cannot be imported; no data was changed. Fix the rows and columns below, then upload again."),
    "data.report_ok": ("Berkas valid: {rows} skor siap diimpor ke dataset '{dataset}'.",
                       "The file is valid: {rows} scores ready to import into dataset '{dataset}'."),
    "data.report_truncated": ("Ditampilkan {shown} dari {total} masalah.", "Showing {shown} of {total} problems."),
    "data.warnings": ("Peringatan ({count})", "Warnings ({count})"),
    "data.col_row": ("Baris", "Row"),
    "data.col_column": ("Kolom", "Column"),
    "data.col_problem": ("Masalah", "Problem"),
    "data.added": ("Ditambah", "Added"),
    "data.replaced": ("Diganti", "Replaced"),
    "data.unchanged": ("Tidak berubah", "Unchanged"),
    "data.preview": ("Pratinjau baris", "Preview of the rows"),
    "data.preview_rows": ("Ditampilkan {shown} dari {total} baris.", "Showing {shown} of {total} rows."),
    "data.preview_empty": ("Tidak ada baris dengan status ini.", "No rows with this status."),
    "data.old_score": ("Skor lama", "Old score"),
    "data.old_respondents": ("Responden lama", "Old respondents"),
    "data.confirm": ("Impor ke dataset '{dataset}'", "Import into dataset '{dataset}'"),
    "data.nothing_to_change": ("Semua baris sudah ada dengan nilai yang sama; impor hanya akan dicatat di log.",
                               "Every row is already there with the same values; the import would only be logged."),
    "data.importing": ("Mengimpor… (pengguna lain tetap dapat melihat dasbor)", "Importing… (other users can keep viewing the dashboard)"),
    "data.imported": ("Impor #{import_id} ke dataset '{dataset}' selesai: {added} ditambah, {replaced} diganti, {unchanged} tidak berubah. Dataset '{dataset}' kini dipilih di bilah samping; halaman lain langsung menampilkannya.",
                      "Import #{import_id} into dataset '{dataset}' done: {added} added, {replaced} replaced, {unchanged} unchanged. Dataset '{dataset}' is now selected in the sidebar; the other pages show it right away."),
    "data.import_failed": ("Impor gagal; tidak ada data yang diubah.", "The import failed; no data was changed."),
    "data.go_overview": ("Lihat di Ringkasan", "See it in the Overview"),
    "data.log_empty": ("Belum ada impor.", "No imports yet."),
    "data.col_id": ("#", "#"),
    "data.col_kind": ("Jenis", "Kind"),
    "data.col_dataset": ("Dataset", "Dataset"),
    "data.col_who": ("Oleh", "By"),
    "data.col_when": ("Waktu", "When"),
    "data.col_file": ("Berkas", "File"),
    "data.col_checksum": ("Checksum (SHA-256)", "Checksum (SHA-256)"),
    "data.col_size": ("Ukuran (byte)", "Size (bytes)"),
    "data.col_removed": ("Dihapus", "Removed"),
    "data.col_status": ("Status", "Status"),
    "data.kind_import": ("impor", "import"),
    "data.kind_rollback": ("pembatalan", "rollback"),
    "data.status_rolled_back": ("dibatalkan oleh #{by}", "rolled back by #{by}"),
    "data.status_rolls_back": ("membatalkan #{id}", "rolls back #{id}"),
    "data.status_active": ("berlaku", "in effect"),
    "data.pick_entry": ("Entri log", "Log entry"),
    "data.entry_label": ("#{id} · {kind} · {dataset} · {file}", "#{id} · {kind} · {dataset} · {file}"),
    "data.download_original": ("Unduh berkas asli", "Download the original file"),
    "data.no_original": ("Berkas asli entri ini tidak disimpan (data dibuat oleh aplikasi).",
                         "The original file of this entry is not kept (the data were generated by the app)."),
    "data.rollback_title": ("Batalkan impor", "Roll back an import"),
    "data.rollback_explain": ("Membatalkan impor #{id} menghapus {removed} baris yang ditulisnya dan memulihkan {restored} baris yang digantinya. Pembatalan dicatat di log.",
                              "Rolling back import #{id} removes the {removed} rows it wrote and restores the {restored} rows it replaced. The rollback is logged."),
    "data.rollback_confirm": ("Saya mengerti, batalkan impor #{id}", "I understand, roll back import #{id}"),
    "data.rollback_button": ("Batalkan impor #{id}", "Roll back import #{id}"),
    "data.templates_intro": ("Templat memakai nama nilai dalam bahasa Indonesia. Isi kolom skor (contoh 58,5), hapus baris yang tidak dipakai, lalu unggah di tab Impor. Templat yang diunggah tanpa diisi akan ditolak, bukan diimpor.",
                             "The templates use the Indonesian value names. Fill in the score cells (e.g. 58.5), delete the rows you don't use, then upload in the Import tab. A template uploaded unfilled is refused, not imported."),
    "data.template_long": ("Format panjang: satu skor per baris", "Long format: one score per row"),
    "data.template_wide": ("Format lebar: satu baris per instansi-tahun, satu kolom per nilai", "Wide format: one row per organisation-year, one column per value"),
    "data.guide_column": ("Kolom", "Column"),
    "data.guide_meaning": ("Arti", "Meaning"),
    "data.guide.entity_code": ("Kode instansi: kode Kemendagri untuk Pemda (62, 62.03), kode bebas untuk K/L dan unit baru. Wajib.",
                               "Organisation code: the Kemendagri code for a local government (62, 62.03), any code for a new ministry, agency or unit. Required."),
    "data.guide.entity_name": ("Nama instansi (wajib untuk K/L dan unit baru).", "Organisation name (required for a new ministry, agency or unit)."),
    "data.guide.entity_level": ("Tingkat: nasional, kementerian, lembaga, provinsi, kabupaten, kota, unit.",
                                "Level: nasional, kementerian, lembaga, provinsi, kabupaten, kota, unit."),
    "data.guide.parent_code": ("Kode instansi induk, hanya untuk unit.", "Parent organisation code, for units only."),
    "data.guide.year": ("Tahun survei (contoh 2025). Wajib.", "Survey year (e.g. 2025). Required."),
    "data.guide.measure": ("Ukuran: implementasi (bawaan), keseimbangan, energi_positif, keselarasan_nilai, keselarasan_budaya, kesehatan_total.",
                           "Measure: implementasi (default), keseimbangan, energi_positif, keselarasan_nilai, keselarasan_budaya, kesehatan_total."),
    "data.guide.value_code": ("Nilai: kode (BP…KL) atau namanya (Berorientasi Pelayanan…); kosong = indeks keseluruhan.",
                              "Value: its code (BP…KL) or name (Berorientasi Pelayanan…); empty = the overall index."),
    "data.guide.score": ("Skor 0–100: 58,5 atau 58.5 atau 58,5%. Wajib.", "Score 0–100: 58.5, 58,5 or 58,5%. Required."),
    "data.guide.respondents": ("Jumlah responden (bilangan bulat).", "Number of respondents (a whole number)."),
    "data.guide.method": ("Metode survei; kosongkan agar ditentukan dari tahun.", "Survey method; leave empty to take it from the year."),
    "data.guide.source_url": ("URL sumber angka (laporan atau berita).", "URL of the figure's source (report or news)."),
    "data.guide.note": ("Catatan bebas.", "Free note."),
    "data.guide.values": ("Kolom nilai (format lebar): satu kolom per nilai, dengan nama nilainya, dan/atau kolom indeks.",
                          "Value columns (wide format): one column per value, named after it, and/or an indeks column."),
    "data.export_intro": ("Ekspor dataset dalam format panjang yang sama dengan format impor. Sel yang diawali = + - @ dinetralkan agar tidak dijalankan sebagai rumus, dan skor dengan responden di bawah minimum tidak disertakan.",
                          "Export a dataset in the same long format as the import. Cells starting with = + - @ are neutralised so they never run as formulas, and scores with fewer respondents than the minimum are left out."),
    "data.export_dataset": ("Dataset", "Dataset"),
    "data.export_format": ("Format", "Format"),
    "data.export_button": ("Unduh {dataset}.{fmt}", "Download {dataset}.{fmt}"),
    "data.export_counts": ("{rows} baris akan diekspor; {withheld} baris tidak disertakan (responden kurang dari minimum).",
                           "{rows} rows will be exported; {withheld} rows left out (fewer respondents than the minimum)."),
}
